/** Tests for src/report/partial-notices.ts: why a review is partial, read from typed stop causes. */
import { describe, expect, it } from 'vitest'
import { partialNotices } from '../src/report/partial-notices.js'
import { readSettings } from '../src/settings.js'
import { NO_USAGE } from '../src/vocabulary/usage.js'
import { outcomeWith } from './helpers/outcome.js'

const notRun = (stop: 'deadline' | 'cost-cap' | undefined, reason: string) => ({
  unit: 'unit-1',
  area: 'security',
  status: 'not-run' as const,
  reason,
  stop,
  turns: 0,
  toolCalls: 0,
  usage: NO_USAGE
})

describe('partialNotices', () => {
  const settings = readSettings(
    (name) => ({ 'time-budget': '5', 'max-cost-usd': '0.5' })[name] ?? '',
    {}
  )
  const state = {
    version: 1,
    head: 'a'.repeat(40),
    coverage: [],
    dismissed: []
  }

  it('says which limit made the review partial, from the stop cause', () => {
    const outcome = outcomeWith([], {
      state,
      unfinished: [notRun('deadline', 'anything'), notRun('cost-cap', 'x')],
      costUsd: 0.4999
    } as never)
    expect(partialNotices(outcome, settings)).toEqual([
      'Partial review: the time budget of 5 minute(s) ran out; passes not run are listed below.',
      'Partial review: max-cost-usd ($0.5) left 1 pass(es) unfinished at $0.4999 spent; they are listed below, and the next run reviews them.'
    ])
  })

  it('says what one more pass needs, and when the cap is below one pass, says that', () => {
    const refused = (expectedUsd: number, largestTurnUsd: number) => ({
      ...notRun('cost-cap', 'x'),
      costNeed: { expectedUsd, largestTurnUsd }
    })
    const used = outcomeWith([], {
      state,
      unfinished: [refused(0.02, 0.05), refused(0.01, 0.04)],
      costUsd: 0.46
    } as never)
    expect(partialNotices(used, settings)).toEqual([
      'Partial review: max-cost-usd ($0.5) left 2 pass(es) unfinished at $0.4600 spent (one more pass needs ≈$0.0100 expected, and ≈$0.0400 of room for its largest turn); they are listed below, and the next run reviews them.'
    ])
    const below = outcomeWith([], {
      state,
      unfinished: [refused(0.3, 0.25)],
      costUsd: 0
    } as never)
    expect(partialNotices(below, settings)).toEqual([
      'Partial review: max-cost-usd ($0.5) is less than one pass needs (≈$0.3000 expected, and ≈$0.2500 of room for its largest turn): 1 pass(es) did not run ($0.0000 spent). Raise max-cost-usd to review them.'
    ])
  })

  it('reads no decision out of prose: a reason that names a limit is not a stop cause', () => {
    const outcome = outcomeWith([], {
      state,
      unfinished: [
        notRun(undefined, 'not run: the time budget was reached (max-cost-usd)')
      ]
    } as never)
    expect(partialNotices(outcome, settings)).toEqual([])
  })
})
