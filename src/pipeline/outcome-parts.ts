/** Parts of a review's outcome that every kind shares: the plan-only outcome, each pass's paths, a merge's scope. */
import type { OutcomeCommon, ReviewOutcome } from '../outcome/review-outcome.js'
import type { PlannedChange } from '../plan/plan-change.js'
import type { ShardPlan } from '../plan/shards.js'
import type { PassResult } from '../review/review-pass.js'
import { NO_USAGE } from '../vocabulary/usage.js'

export function mergedScope(
  passes: number,
  delivered: number,
  shards: ShardPlan
) {
  return {
    description: `merged from ${delivered} of ${shards.shares.length} shard file(s)`,
    passCount: passes
  }
}

export function planOnly(
  base: Omit<
    OutcomeCommon,
    | 'passes'
    | 'unfinished'
    | 'ledger'
    | 'usage'
    | 'turns'
    | 'toolCalls'
    | 'context'
  >
): ReviewOutcome & { kind: 'planned' } {
  return {
    ...base,
    kind: 'planned',
    passes: [],
    unfinished: [],
    ledger: { findings: [], invalid: [] },
    usage: NO_USAGE,
    turns: 0,
    toolCalls: 0,
    context: []
  }
}

/** Each pass with the head paths of its unit: what it covered. */
export function withPaths(
  passes: readonly PassResult[],
  planned: PlannedChange
): Array<PassResult & { paths: string[] }> {
  const paths = new Map(
    planned.plan.units.map((u) => [u.id, u.files.map((f) => f.file.path)])
  )
  return passes.map((p) => ({ ...p, paths: paths.get(p.unit) ?? [] }))
}
