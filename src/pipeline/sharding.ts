import { ConfigurationError } from '../errors.js'
import type { PlannedChange } from '../plan/plan-change.js'
import { planHash, splitIntoShards } from '../plan/shards.js'
import type { ShardPlan } from '../plan/shards.js'
import type { ReviewScope } from './review-scope.js'

/** How a review splits over shard jobs, the same in every job of it. */
export function shardPlanOf(
  planned: PlannedChange,
  reviewer: { areas: readonly string[]; model: string; agent: string },
  passesPerShard: number,
  /** The shard jobs' n, when known (a shard or a merge run): any n splits the plan. */
  count?: number
): ShardPlan {
  return {
    shares: splitIntoShards(
      planned.plan,
      reviewer.areas,
      passesPerShard,
      count
    ),
    plan: planHash(planned.plan, reviewer)
  }
}

/** The n of the shard files a merge reads: the same in every file, else a ConfigurationError naming them. */
export function shardCountOf(
  files: ReadonlyArray<{ source: string; file: { shard: string } }>
): number | undefined {
  const counts = new Map<number, string[]>()
  for (const { source, file } of files) {
    const total = Number(file.shard.split('/')[1])
    counts.set(total, [...(counts.get(total) ?? []), source])
  }
  if (counts.size > 1)
    throw new ConfigurationError(
      `The shard files come from matrices of different sizes (${[...counts].map(([n, sources]) => `${sources.join(', ')}: of ${n}`).join('; ')}): merge the files of one run of the shard jobs.`
    )
  return counts.keys().next().value
}

/** The part of the due passes that belongs to shard `index` of `total`. */
export function shardScope(
  scope: ReviewScope,
  shards: ShardPlan,
  shard: { index: number; total: number }
): ReviewScope {
  const share = shards.shares[shard.index - 1]
  const work = scope.work
    .map(({ unit, areas }) => ({
      unit,
      areas: areas.filter((a) => share.get(unit.id)?.includes(a.id))
    }))
    .filter(({ areas }) => areas.length > 0)
  const passCount = work.reduce((sum, w) => sum + w.areas.length, 0)
  return {
    work,
    passCount,
    description: `shard ${shard.index}/${shard.total}: ${passCount} of ${scope.passCount} due passes (${scope.description})`
  }
}
