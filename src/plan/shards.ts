import { createHash } from 'node:crypto'
import { MAX_SHARDS } from '../settings.js'
import type { ReviewPlan } from './review-plan.js'

/** One shard's share: the areas of each unit it reviews. */
export type ShardShare = Map<string, readonly string[]>

/** A unit's areas that travel together: one cached prefix, one context. */
interface PassGroup {
  unit: string
  areas: string[]
  /** Estimated tokens the group's passes send (unit tokens × areas). */
  weight: number
}

/**
 * Splits the plan's (unit, area) passes over shards so that no shard holds
 * more than `passesPerShard` passes (unless 256 shards cannot hold them),
 * and their estimated tokens are balanced. A unit's areas stay together as
 * far as the limit allows, so they share one cached prefix and one context.
 * Deterministic: every shard job computes the same split from the same plan
 * (and, given a count, from the same count).
 */
export function splitIntoShards(
  plan: Pick<ReviewPlan, 'units'>,
  areas: readonly string[],
  passesPerShard: number,
  /** Exactly this many shards (a static `shard: i/n` matrix); else as many as `passesPerShard` needs. */
  count?: number
): ShardShare[] {
  const passes = plan.units.length * areas.length
  // A given count splits a unit's areas as finely as the count needs, whatever passesPerShard is.
  const groups = passGroups(
    plan,
    areas,
    count === undefined ? passesPerShard : Math.ceil(passes / count)
  )
  const perShard = Math.max(
    1,
    Math.floor(passesPerShard / Math.max(1, groups[0]?.areas.length ?? 1))
  )
  const total =
    count ??
    Math.min(MAX_SHARDS, Math.max(1, Math.ceil(groups.length / perShard)))
  const capacity = Math.ceil(groups.length / total)
  const shards = Array.from({ length: total }, () => ({
    load: 0,
    groups: [] as PassGroup[]
  }))
  // Heaviest first, each to the lightest shard with room (lowest index on ties).
  const ordered = [...groups].sort(
    (a, b) =>
      b.weight - a.weight ||
      a.unit.localeCompare(b.unit) ||
      a.areas[0].localeCompare(b.areas[0])
  )
  for (const group of ordered) {
    let best = -1
    for (let i = 0; i < shards.length; i++) {
      if (shards[i].groups.length >= capacity) continue
      if (best < 0 || shards[i].load < shards[best].load) best = i
    }
    shards[best].load += group.weight
    shards[best].groups.push(group)
  }
  return shards.map(({ groups: own }) => {
    const share: ShardShare = new Map()
    for (const group of own)
      share.set(group.unit, [...(share.get(group.unit) ?? []), ...group.areas])
    return share
  })
}

function passGroups(
  plan: Pick<ReviewPlan, 'units'>,
  areas: readonly string[],
  passesPerShard: number
): PassGroup[] {
  const size = Math.max(1, Math.min(areas.length, passesPerShard))
  const groups: PassGroup[] = []
  for (const unit of plan.units)
    for (let i = 0; i < areas.length; i += size) {
      const slice = areas.slice(i, i + size)
      groups.push({
        unit: unit.id,
        areas: slice,
        weight: Math.max(1, unit.tokens) * slice.length
      })
    }
  return groups
}

/** `strategy.matrix` for the shards: `{"shard":["1/3","2/3","3/3"]}`. */
export function shardMatrix(total: number): { shard: string[] } {
  return {
    shard: Array.from({ length: total }, (_, i) => `${i + 1}/${total}`)
  }
}

/**
 * What every shard of one review must agree on: the units (files and
 * hunks), the areas, the model and the reviewer. A shard file made from
 * another plan carries another hash and is refused by the merge.
 */
export function planHash(
  plan: Pick<ReviewPlan, 'units'>,
  reviewer: { areas: readonly string[]; model: string; agent: string }
): string {
  const units = plan.units.map((unit) => ({
    id: unit.id,
    tokens: unit.tokens,
    files: unit.files.map((entry) => [
      entry.file.path,
      entry.part ?? null,
      entry.hunks.map((h) => [h.newStart, h.newLines, h.oldStart, h.oldLines])
    ])
  }))
  return createHash('sha256')
    .update(JSON.stringify({ units, ...reviewer }))
    .digest('hex')
}

/** How a review splits over shard jobs. */
export interface ShardPlan {
  shares: ShardShare[]
  /** Identifies the plan; shard files carry it. */
  plan: string
}
