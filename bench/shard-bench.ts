/**
 * Sharding a very large pull request: the time to split a 3,000-file plan
 * into shard jobs, and how even the shards are (largest estimated tokens ÷
 * mean). Files of uneven size, as real pull requests have them.
 */
import { toChangedFile } from '../src/github/pull-request-source.js'
import { planChange } from '../src/plan/plan-change.js'
import { splitIntoShards } from '../src/plan/shards.js'
import { readSettings } from '../src/settings.js'
import { syntheticDiffEntries } from './synthetic-pull-request.js'

export const SHARD_BENCH_FILES = 3_000
const AREAS = ['api', 'database', 'system', 'security', 'performance']
const RUNS = 5

export interface ShardMeasurement {
  files: number
  units: number
  passes: number
  shards: number
  /** Median time of one split, ms. */
  medianMs: number
  /** The largest shard's estimated tokens ÷ the mean. */
  balance: number
  largestPasses: number
}

/** 3,000 files whose changed lines range from 10 to 400 (a fixed mix). */
function unevenPullRequest() {
  const sizes = [10, 25, 60, 120, 250, 400]
  const perSize = SHARD_BENCH_FILES / sizes.length
  return sizes.flatMap((lines, group) =>
    syntheticDiffEntries(perSize, lines).map((entry) => ({
      ...entry,
      filename: `group-${group}/${entry.filename}`
    }))
  )
}

export function runShardBench(passesPerShard = 25): ShardMeasurement {
  const settings = readSettings((name) => (name === 'max-files' ? '3000' : ''))
  const changed = unevenPullRequest().map(toChangedFile)
  const { plan } = planChange(changed, settings, {
    areaCount: AREAS.length,
    model: 'claude-sonnet-5-5'
  })
  let shares = splitIntoShards(plan, AREAS, passesPerShard) // warms the JIT
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now()
    shares = splitIntoShards(plan, AREAS, passesPerShard)
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const tokens = new Map(plan.units.map((u) => [u.id, Math.max(1, u.tokens)]))
  const loads = shares.map((share) =>
    [...share].reduce(
      (sum, [unit, areas]) => sum + tokens.get(unit)! * areas.length,
      0
    )
  )
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length
  return {
    files: changed.length,
    units: plan.units.length,
    passes: plan.units.length * AREAS.length,
    shards: shares.length,
    medianMs: times[Math.floor(RUNS / 2)],
    balance: Math.max(...loads) / mean,
    largestPasses: Math.max(
      ...shares.map((share) =>
        [...share.values()].reduce((sum, areas) => sum + areas.length, 0)
      )
    )
  }
}
