import { describe, expect, it } from 'vitest'
import { dismiss, pause, resume } from '../src/conversation/state-edits.js'
import type { RunState } from '../src/findings/run-state.js'

const reviewed: RunState = {
  v: 2,
  head: 'abc1234',
  coverage: [
    {
      head: 'abc1234',
      status: 'complete',
      areas: ['security'],
      paths: ['src/a.ts']
    }
  ],
  findings: [
    {
      fp: '0123456789abcdef',
      path: 'src/a.ts',
      line: 5,
      severity: 'critical',
      confidence: 0.9,
      areas: ['security'],
      title: 'SQL injection',
      head: 'abc1234',
      status: 'open',
      commented: true
    }
  ],
  dismissed: []
}

describe('state edits', () => {
  it('pause records who and when; resume removes it; coverage and findings stay', () => {
    const paused = pause('octocat', '2026-11-29T10:00:00Z')(reviewed, 'def5678')
    expect(paused.paused).toEqual({ by: 'octocat', at: '2026-11-29T10:00:00Z' })
    expect(paused.coverage).toEqual(reviewed.coverage)
    const resumed = resume()(paused, 'def5678')
    expect(resumed).toEqual(reviewed)
  })

  it('pauses a pull request no review has covered yet: an empty state at the head', () => {
    expect(pause('octocat', 'now')(undefined, 'def5678')).toEqual({
      v: 2,
      head: 'def5678',
      coverage: [],
      findings: [],
      dismissed: [],
      paused: { by: 'octocat', at: 'now' }
    })
  })

  it('a dismissal keeps what the finding was, so it is listed once it is no longer reported', () => {
    const edited = dismiss({
      fp: '0123456789abcdef',
      path: 'src/a.ts',
      by: 'octocat',
      at: '2026-11-29T10:00:00Z',
      reason: 'validated upstream'
    })(reviewed, 'abc1234')
    expect(edited.dismissed).toEqual([
      {
        fp: '0123456789abcdef',
        path: 'src/a.ts',
        title: 'SQL injection',
        by: 'octocat',
        at: '2026-11-29T10:00:00Z',
        reason: 'validated upstream',
        line: 5,
        severity: 'critical',
        areas: ['security']
      }
    ])
    // Dismissed twice: the first record stands.
    const twice = dismiss({
      fp: '0123456789abcdef',
      path: 'src/a.ts',
      by: 'mona',
      at: 'later',
      reason: 'again'
    })(edited, 'abc1234')
    expect(twice.dismissed).toHaveLength(1)
    expect(twice.dismissed[0].by).toBe('octocat')
  })
})
