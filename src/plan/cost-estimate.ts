import { costOf } from '../vocabulary/usage.js'
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
  const a = PASS_ASSUMPTIONS
  let inputTokens = 0
  let cacheWriteTokens = 0
  let cacheReadTokens = 0
  let outputTokens = 0
  for (const unit of plan.units) {
    const prefix = a.systemTokens + unit.tokens
    for (let area = 0; area < areaCount; area++) {
      if (area === 0) cacheWriteTokens += prefix
      else cacheReadTokens += prefix
      cacheReadTokens += prefix * (a.turns - 1)
      inputTokens += a.checklistTokens * a.turns
      // Turn t re-sends the t-1 tool results before it.
      for (let turn = 1; turn < a.turns; turn++) {
        inputTokens += a.toolResultTokensPerTurn * turn
      }
      outputTokens += a.outputTokensPerPass
    }
  }
  const costUsd = costOf(
    {
      input: inputTokens,
      cacheWrite: cacheWriteTokens,
      cacheRead: cacheReadTokens,
      output: outputTokens
    },
    model
  )
  return {
    model,
    passes: plan.units.length * areaCount,
    inputTokens,
    cacheWriteTokens,
    cacheReadTokens,
    outputTokens,
    costUsd
  }
}
