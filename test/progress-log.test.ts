/** Tests for src/report/progress-log.ts: the lines and running totals of a review's progress. */
import { describe, expect, it } from 'vitest'
import { ProgressLog } from '../src/report/progress-log.js'
import { costOf } from '../src/vocabulary/usage.js'

const usage = { input: 1_000, output: 500, cacheWrite: 2_000, cacheRead: 0 }

describe('ProgressLog', () => {
  it('counts passes, tokens and cost so far across passes and verification', () => {
    const log = new ProgressLog()
    expect(
      log.line({ kind: 'scope', passes: 2, description: 'full review' })
    ).toBe('Reviewing 2 passes: full review.')
    expect(
      log.line({ kind: 'pass-started', unit: 'unit-1', area: 'security' })
    ).toBe('unit-1 security: started.')
    expect(log.status()).toBe(
      '0/2 passes, 0 tokens, $0.0000 so far · running unit-1 security'
    )
    const pass = costOf(usage, 'claude-sonnet-5-5')!
    expect(
      log.line({
        kind: 'pass-finished',
        unit: 'unit-1',
        area: 'security',
        status: 'complete',
        findings: 1,
        turns: 2,
        usage,
        model: 'claude-sonnet-5-5'
      })
    ).toBe(
      `unit-1 security: complete, 2 turns, 1 finding · 1/2 passes, 3,500 tokens, $${pass.toFixed(4)} so far.`
    )
    expect(
      log.line({
        kind: 'pass-finished',
        unit: 'unit-1',
        area: 'api',
        status: 'failed',
        reason: 'the API answered 529',
        findings: 0,
        turns: 1,
        usage,
        model: 'claude-sonnet-5-5'
      })
    ).toContain(
      'unit-1 api: failed (the API answered 529), 1 turn, 0 findings · 2/2 passes, 7,000 tokens'
    )
    const verify = costOf(usage, 'claude-haiku-5-5')!
    expect(
      log.line({
        kind: 'verify-finished',
        checked: 1,
        dropped: 0,
        usage,
        model: 'claude-haiku-5-5'
      })
    ).toBe(
      `Verified 1 finding, 0 dropped · 2/2 passes, 10,500 tokens, $${(2 * pass + verify).toFixed(4)} so far.`
    )
  })

  it('shows tokens without a price once a model has no known price', () => {
    const log = new ProgressLog()
    log.line({ kind: 'scope', passes: 1, description: 'full review' })
    const line = log.line({
      kind: 'pass-finished',
      unit: 'unit-1',
      area: 'api',
      status: 'complete',
      findings: 0,
      turns: 1,
      usage,
      model: 'a-private-fine-tune'
    })
    expect(line).toContain('1/1 passes, 3,500 tokens so far.')
    expect(line).not.toContain('$')
  })

  it('says what context did not fit', () => {
    const log = new ProgressLog()
    expect(
      log.line({
        kind: 'context',
        unit: 'unit-2',
        tokens: 12_000,
        included: 7,
        omitted: 3
      })
    ).toBe(
      'unit-2: 12,000 tokens of context from 7 places, 3 left out for lack of room.'
    )
  })
})
