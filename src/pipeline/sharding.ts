import { ConfigurationError } from '../errors.js'
import type { PlannedChange } from '../plan/plan-change.js'
import { planHash, splitIntoShards } from '../plan/shards.js'
import type { ShardPlan } from '../plan/shards.js'
import type { ReviewScope } from './review-scope.js'

/** How a review splits over shard jobs, the same in every job of it. */
export function shardPlanOf(
  planned: PlannedChange,
  reviewer: { areas: readonly string[]; model: string; agent: string },
  passesPerShard: number
): ShardPlan {
  return {
    shares: splitIntoShards(planned.plan, reviewer.areas, passesPerShard),
    plan: planHash(planned.plan, reviewer)
  }
}

/** The part of the due passes that belongs to shard `index` of `total`. */
export function shardScope(
  scope: ReviewScope,
  shards: ShardPlan,
  shard: { index: number; total: number }
): ReviewScope {
  if (shards.shares.length !== shard.total)
    throw new ConfigurationError(
      `Input 'shard' is ${shard.index}/${shard.total}, but this plan splits into ${shards.shares.length} shard(s): give the shard jobs the shard-matrix of a plan run with the same inputs (passes-per-shard among them).`
    )
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
