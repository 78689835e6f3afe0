import { describe, expect, it } from 'vitest'
import type { Ledger, LedgerFinding } from '../src/findings/ledger.js'
import type { RunState } from '../src/findings/run-state.js'
import { nextRunState, takeConcurrentEdits } from '../src/outcome/next-state.js'

const finding = (over: Partial<LedgerFinding> = {}): LedgerFinding => ({
  fingerprint: '0123456789abcdef',
  origin: 'new',
  status: 'open',
  placement: 'inline',
  severity: 'critical',
  confidence: 0.9,
  path: 'src/a.ts',
  line: 5,
  title: 'SQL injection in findOrder',
  areas: ['security'],
  units: ['u1'],
  reports: 1,
  suggestionApplies: false,
  head: 'head2',
  ...over
})

const earlier: RunState = {
  v: 2,
  head: 'head1',
  coverage: [],
  findings: [],
  dismissed: [],
  paused: { by: 'octocat', at: '2026-11-28T10:00:00Z' }
}

describe('nextRunState', () => {
  it('carries dismissals and the pause over to the next state', () => {
    const next = nextRunState({
      previous: {
        ...earlier,
        dismissed: [
          { fp: 'f', path: 'a', title: 't', by: 'x', at: 'now', reason: 'r' }
        ]
      },
      headSha: 'head2',
      passes: [],
      currentPaths: new Set()
    })
    expect(next.paused).toEqual(earlier.paused)
    expect(next.dismissed).toHaveLength(1)
    expect(next.head).toBe('head2')
  })
})

describe('takeConcurrentEdits', () => {
  const dismissal = {
    fp: '0123456789abcdef',
    path: 'src/a.ts',
    title: 'SQL injection in findOrder',
    by: 'mona',
    at: '2026-11-29T12:00:00Z',
    reason: 'checked by the gateway'
  }

  it('takes in a dismissal made meanwhile: into the state, and out of what is posted and counted', () => {
    const state = nextRunState({
      previous: earlier,
      headSha: 'head2',
      passes: [],
      currentPaths: new Set()
    })
    const ledger: Ledger = { findings: [finding()], invalid: [] }
    const after = takeConcurrentEdits(
      state,
      ledger,
      { ...earlier, dismissed: [dismissal] },
      { ownPause: false }
    )
    expect(after.taken).toBe(1)
    expect(after.state.dismissed).toEqual([dismissal])
    expect(after.ledger.findings[0]).toMatchObject({
      status: 'dismissed',
      placement: undefined,
      reason: 'dismissed by mona on 2026-11-29: checked by the gateway'
    })
    // New values: what was given is left as it was.
    expect(ledger.findings[0].status).toBe('open')
    expect(state.dismissed).toEqual([])
    // Taken once: the same state read again adds nothing.
    const again = takeConcurrentEdits(
      after.state,
      after.ledger,
      { ...earlier, dismissed: [dismissal] },
      { ownPause: false }
    )
    expect(again.taken).toBe(0)
    expect(again.ledger.findings).toHaveLength(1)
  })

  it('takes a resume made meanwhile, unless this run is the one that pauses', () => {
    const state = nextRunState({
      previous: earlier,
      headSha: 'head2',
      passes: [],
      currentPaths: new Set()
    })
    const resumed: RunState = { ...earlier, paused: undefined }
    const empty = { findings: [], invalid: [] }
    expect(
      takeConcurrentEdits(state, empty, resumed, { ownPause: true }).state
        .paused
    ).toEqual(earlier.paused)
    expect(
      takeConcurrentEdits(state, empty, resumed, { ownPause: false }).state
    ).not.toHaveProperty('paused')
  })
})
