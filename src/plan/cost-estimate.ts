import { addUsage, costOf, NO_USAGE } from '../vocabulary/usage.js'
import type { TokenUsage } from '../vocabulary/usage.js'
import type { ReviewPlan } from './review-plan.js'

/**
 * What one area pass is assumed to cost beyond the unit's diff: planning
 * figures, calibrated on the bench PRs (bench/cost-bench.ts: in each pass
 * the model reads a file and greps, then reports), shown with the estimate.
 * The review reports measured usage.
 */
export const PASS_ASSUMPTIONS = {
  /** Agent body, review protocol and tool schemas: the cached system part. */
  systemTokens: 1_900,
  /** Gathered context, as a share of the unit's diff (capped by max-context-tokens). */
  contextPerDiffToken: 0.5,
  /** The area's checklist, after the unit's prefix. */
  areaTokens: 400,
  /** Model turns per pass: one looking around, one reporting. */
  turns: 2,
  /** Tool calls and results added per turn after the first. */
  toolResultTokensPerTurn: 600,
  /** Output (tool calls and the report) per pass. */
  outputTokensPerPass: 450
} as const

export interface CostEstimate {
  model: string
  passes: number
  inputTokens: number
  cacheWriteTokens: number
  cacheReadTokens: number
  outputTokens: number
  /** Undefined when the model's price is unknown. */
  costUsd?: number
}

/**
 * Estimates a review's tokens and cost: per unit, the first area pass writes
 * the shared prefix (system + diff) to the cache and its siblings read it;
 * later turns of a pass read the prefix again and add tool results.
 */
export function estimateCost(
  plan: ReviewPlan,
  areaCount: number,
  model: string,
  maxContextTokens = 12_000
): CostEstimate {
  let usage: TokenUsage = NO_USAGE
  for (const unit of plan.units) {
    const context = Math.min(
      maxContextTokens,
      Math.round(unit.tokens * PASS_ASSUMPTIONS.contextPerDiffToken)
    )
    for (let area = 0; area < areaCount; area++)
      usage = addUsage(
        usage,
        estimatePassUsage(unit.tokens + context, area > 0)
      )
  }
  return {
    model,
    passes: plan.units.length * areaCount,
    inputTokens: usage.input,
    cacheWriteTokens: usage.cacheWrite,
    cacheReadTokens: usage.cacheRead,
    outputTokens: usage.output,
    costUsd: costOf(usage, model)
  }
}

/**
 * One area pass of a unit whose prefix (diff and context) is
 * `prefixTokens`, as caching bills it: the first pass of a unit writes the
 * system part and the prefix (`warm` false), its siblings read them; each
 * turn writes what it adds (the area text, then tool calls and results)
 * and later turns read everything before them.
 */
export function estimatePassUsage(
  prefixTokens: number,
  warm: boolean
): TokenUsage {
  const a = PASS_ASSUMPTIONS
  const shared = a.systemTokens + prefixTokens
  let cacheWrite = warm ? 0 : shared
  let cacheRead = warm ? shared : 0
  let before = shared
  for (let turn = 0; turn < a.turns; turn++) {
    const added = turn === 0 ? a.areaTokens : a.toolResultTokensPerTurn
    if (turn > 0) cacheRead += before
    cacheWrite += added
    before += added
  }
  return { input: 0, cacheWrite, cacheRead, output: a.outputTokensPerPass }
}
