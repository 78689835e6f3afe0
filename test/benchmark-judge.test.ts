/** Tests for src/benchmark/judge.ts: the location gate, one-to-one assignment, and a judge that answers badly. */
import { describe, expect, it } from 'vitest'
import {
  assignMatches,
  judgeCase,
  locationGate
} from '../src/benchmark/judge.js'
import type { ModelClient } from '../src/review/model-client.js'

describe('locationGate', () => {
  const label = { text: 'x', path: 'src/a.ts', fromLine: 10, toLine: 12 }
  it('passes the same file within ±3 lines of the range, ranges that overlap, and paths written differently', () => {
    expect(locationGate(label, { text: '', path: 'src/a.ts', line: 7 })).toBe(
      true
    )
    expect(
      locationGate(label, { text: '', path: './src/a.ts', line: 15 })
    ).toBe(true)
    expect(
      locationGate(label, { text: '', path: 'src/a.ts', line: 1, endLine: 9 })
    ).toBe(true)
  })
  it('stops another file, and lines 4 or more away', () => {
    expect(locationGate(label, { text: '', path: 'src/b.ts', line: 11 })).toBe(
      false
    )
    expect(locationGate(label, { text: '', path: 'src/a.ts', line: 6 })).toBe(
      false
    )
    expect(locationGate(label, { text: '', path: 'src/a.ts', line: 16 })).toBe(
      false
    )
  })
  it('lets everything through for a label without a place (Martian)', () => {
    expect(
      locationGate({ text: 'x' }, { text: '', path: 'any.ts', line: 1 })
    ).toBe(true)
  })
})

describe('assignMatches', () => {
  it('takes matches by confidence, each label and finding once; ties go to the earlier label', () => {
    expect(
      assignMatches([
        // Finding 0 matches label 0 (0.8) and label 1 (0.9): it goes to label 1.
        { label: 0, candidate: 0, match: true, confidence: 0.8 },
        { label: 1, candidate: 0, match: true, confidence: 0.9 },
        // Label 0 then takes finding 1.
        { label: 0, candidate: 1, match: true, confidence: 0.5 },
        // Not a match, however sure.
        { label: 2, candidate: 2, match: false, confidence: 1 },
        // A tie: label 2 before label 3 for finding 3.
        { label: 3, candidate: 3, match: true, confidence: 0.7 },
        { label: 2, candidate: 3, match: true, confidence: 0.7 }
      ])
    ).toEqual([
      { label: 1, candidate: 0, confidence: 0.9 },
      { label: 2, candidate: 3, confidence: 0.7 },
      { label: 0, candidate: 1, confidence: 0.5 }
    ])
  })
})

describe('judgeCase', () => {
  it('fails, rather than finding no match, when the judge answers without the tool', async () => {
    const client: ModelClient = {
      send: async () =>
        ({
          id: 'm',
          type: 'message',
          role: 'assistant',
          model: 'claude-haiku-5-5',
          content: [{ type: 'text', text: 'They match.', citations: null }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: {
            input_tokens: 10,
            output_tokens: 3,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0
          }
        }) as never
    }
    await expect(
      judgeCase(
        [{ text: 'SQL injection' }],
        [{ text: 'SQL built by concatenation', path: 'a.ts', line: 1 }],
        {
          client,
          model: 'claude-haiku-5-5',
          gate: false
        }
      )
    ).rejects.toThrow(
      'the judge gave no readable record_matches answer for label 1'
    )
  })
})
