import { addUsage, costOf, NO_USAGE } from '../vocabulary/usage.js'
import type { TokenUsage } from '../vocabulary/usage.js'
import type { ReviewPlan } from './review-plan.js'

/**
 * What one area pass is assumed to cost beyond the unit's diff. These are
 * planning figures, shown with the estimate, not measurements: the review
 * reports measured usage.
 */
export const PASS_ASSUMPTIONS = {
  /** Agent body + review protocol in the system prompt. */
  systemTokens: 2_000,
  /** The area's checklist, after the cached prefix. */
  checklistTokens: 400,
  /** Model turns per pass (tool calls, then the report). */
  turns: 3,
  /** Tool results added per turn after the first. */
  toolResultTokensPerTurn: 1_500,
  /** Output (reasoning, tool calls, findings) per pass. */
  outputTokensPerPass: 1_500
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
  model: string
): CostEstimate {
  let usage: TokenUsage = NO_USAGE
  for (const unit of plan.units)
    for (let area = 0; area < areaCount; area++)
      usage = addUsage(usage, estimatePassUsage(unit.tokens, area > 0))
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
 * `prefixTokens`: the first pass writes system and prefix to the cache
 * (`warm` false), its siblings read them; later turns read them again and
 * add tool results.
 */
export function estimatePassUsage(
  prefixTokens: number,
  warm: boolean
): TokenUsage {
  const a = PASS_ASSUMPTIONS
  const prefix = a.systemTokens + prefixTokens
  let input = a.checklistTokens * a.turns
  // Turn t re-sends the t-1 tool results before it.
  for (let turn = 1; turn < a.turns; turn++)
    input += a.toolResultTokensPerTurn * turn
  return {
    input,
    cacheWrite: warm ? 0 : prefix,
    cacheRead: prefix * (a.turns - 1) + (warm ? prefix : 0),
    output: a.outputTokensPerPass
  }
}
