/** Tests for src/findings/run-state.ts, src/pipeline/review-scope.ts and src/findings/gate.ts. */
import { describe, expect, it } from 'vitest'
import type { ReviewArea } from '../src/agents/agent.js'
import { gate } from '../src/findings/gate.js'
import type { LedgerFinding } from '../src/findings/ledger.js'
import {
  coverageLookup,
  mergeCoverage,
  openState,
  sealState,
  sealWithin
} from '../src/findings/run-state.js'
import type { RunState } from '../src/findings/run-state.js'
import { reviewScope } from '../src/pipeline/review-scope.js'
import type { ReviewUnit } from '../src/plan/review-plan.js'
import { changedFile } from './helpers/changed-file.js'
import { NO_USAGE } from '../src/vocabulary/usage.js'

const seal = { secret: 'a-secret-of-the-run', scope: 'octo/shop#7' }
const state: RunState = {
  v: 2,
  head: 'abc1234',
  coverage: [
    {
      head: 'abc1234',
      status: 'complete',
      areas: ['api', 'security'],
      paths: ['src/a.ts']
    }
  ],
  findings: [],
  dismissed: []
}

describe('the run state', () => {
  it('round-trips through its seal', () => {
    expect(openState(sealState(state, seal), seal)).toEqual({ ok: true, state })
  })

  it('refuses a state sealed with another secret, for another PR, or altered', () => {
    const sealed = sealState(state, seal)
    expect(openState(sealed, { ...seal, secret: 'guess' }).ok).toBe(false)
    expect(openState(sealed, { ...seal, scope: 'octo/shop#8' }).ok).toBe(false)
    const [format, payload, mac] = sealed.split('.')
    const forged = sealState(
      { ...state, head: 'fffffff' },
      { ...seal, secret: 'x' }
    ).split('.')[1]
    expect(openState(`${format}.${forged}.${mac}`, seal).ok).toBe(false)
    expect(openState(`${format}.${payload}`, seal).ok).toBe(false)
  })

  it('stays within its size by leaving findings out and marking itself partial', () => {
    const big: RunState = {
      ...state,
      findings: Array.from({ length: 3000 }, (_, i) => ({
        fp: i.toString(16).padStart(16, '0'),
        path: `src/file-${i}.ts`,
        line: i + 1,
        severity: 'low' as const,
        confidence: 0.5,
        areas: ['api'],
        title: `Finding number ${i} with a long enough title to take room ${Math.random()}`,
        head: 'abc1234',
        status: 'open' as const
      }))
    }
    const sealed = sealWithin(big, seal, 20_000)
    expect(sealed.length).toBeLessThanOrEqual(20_000)
    const opened = openState(sealed, seal)
    expect(opened.ok && opened.state.partial).toBe(true)
  })

  it('folds the oldest dismissals, counted, when they alone outgrow the limit', () => {
    const random = (n: number) =>
      Array.from({ length: n }, () =>
        String.fromCharCode(33 + Math.floor(Math.random() * 90))
      ).join('')
    const dismissed = Array.from({ length: 300 }, (_, i) => ({
      fp: i.toString(16).padStart(16, '0'),
      path: `src/m${i}.ts`,
      title: random(200),
      by: 'mona',
      at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      reason: random(300)
    }))
    const sealed = sealWithin({ ...state, dismissed }, seal, 24_000)
    expect(sealed.length).toBeLessThanOrEqual(24_000)
    const opened = openState(sealed, seal)
    if (!opened.ok) throw new Error(opened.why)
    const kept = opened.state.dismissed
    expect(kept.length + opened.state.foldedDismissals!).toBe(300)
    expect(kept.length).toBeGreaterThan(0)
    // The newest are the ones kept.
    const oldestKept = kept.map((d) => d.at).sort()[0]
    expect(oldestKept).toBe(dismissed[300 - kept.length].at)
  })

  it('merges coverage pass by pass: a failed pass replaces a complete one, others stand', () => {
    const merged = mergeCoverage(
      state.coverage,
      [{ paths: ['src/a.ts'], area: 'security', status: 'failed' }],
      'def5678',
      new Set(['src/a.ts'])
    )
    const lastPass = coverageLookup({ ...state, coverage: merged })
    expect(lastPass('src/a.ts', 'security')).toEqual({
      head: 'def5678',
      status: 'failed'
    })
    expect(lastPass('src/a.ts', 'api')).toEqual({
      head: 'abc1234',
      status: 'complete'
    })
  })
})

describe('the review scope', () => {
  const areas = [{ id: 'api' }, { id: 'security' }] as ReviewArea[]
  const unit = (id: string, path: string): ReviewUnit => {
    const file = changedFile(path, '@@ -1,0 +1,1 @@\n+x')
    return { id, files: [{ file, hunks: file.hunks, tokens: 10 }], tokens: 10 }
  }
  const units = [unit('unit-1', 'src/a.ts'), unit('unit-2', 'src/b.ts')]
  const withCoverage = (coverage: RunState['coverage']): RunState => ({
    ...state,
    coverage
  })

  it('reviews again, on the same head, the passes that did not complete', async () => {
    const scope = await reviewScope(
      units,
      areas,
      withCoverage([
        {
          head: 'abc1234',
          status: 'complete',
          areas: ['api', 'security'],
          paths: ['src/a.ts']
        },
        {
          head: 'abc1234',
          status: 'complete',
          areas: ['api'],
          paths: ['src/b.ts']
        },
        {
          head: 'abc1234',
          status: 'failed',
          areas: ['security'],
          paths: ['src/b.ts']
        }
      ]),
      { mode: 'incremental', headSha: 'abc1234', changedSince: async () => [] }
    )
    expect(
      scope.work.map((w) => [w.unit.id, w.areas.map((a) => a.id)])
    ).toEqual([['unit-2', ['security']]])
    expect(scope.description).toMatch(
      /1 of 4 passes due: 1 that did not complete before/
    )
  })

  it('reviews what changed since the head each pass completed at, and everything it cannot compare', async () => {
    const coverage = withCoverage([
      {
        head: 'old1234',
        status: 'complete',
        areas: ['api', 'security'],
        paths: ['src/a.ts', 'src/b.ts']
      }
    ])
    const changed = await reviewScope(units, areas, coverage, {
      mode: 'incremental',
      headSha: 'new5678',
      changedSince: async () => ['src/b.ts']
    })
    expect(changed.work.map((w) => w.unit.id)).toEqual(['unit-2'])
    const unknown = await reviewScope(units, areas, coverage, {
      mode: 'incremental',
      headSha: 'new5678',
      changedSince: async () => undefined
    })
    expect(unknown.passCount).toBe(4)
  })
})

describe('the gate', () => {
  const open = {
    status: 'open',
    severity: 'critical',
    path: 'a.ts',
    line: 1,
    title: 'x',
    confidence: 1
  } as LedgerFinding
  const failedPass = {
    unit: 'unit-1',
    area: 'security',
    status: 'failed' as const,
    turns: 0,
    toolCalls: 0,
    usage: NO_USAGE
  }

  it('counts carried findings like new ones', () => {
    const carried = { ...open, origin: 'carried' } as LedgerFinding
    expect(
      gate({
        ledger: { findings: [carried], invalid: [] },
        unfinished: [],
        failOn: 'high'
      }).failed
    ).toBe(true)
  })

  it('fails closed on passes that did not complete when fail-on is set, and warns otherwise', () => {
    const ledger = { findings: [], invalid: [] }
    const strict = gate({
      ledger,
      unfinished: [failedPass],
      failOn: 'critical'
    })
    expect(strict.failed).toBe(true)
    expect(strict.message).toMatch(/unit-1 security \(failed\)/)
    const lax = gate({ ledger, unfinished: [failedPass], failOn: 'none' })
    expect(lax.failed).toBe(false)
    expect(lax.warning).toMatch(/did not complete/)
  })
})
