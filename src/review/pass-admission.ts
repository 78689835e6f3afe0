import type { ReviewArea } from '../agents/agent.js'
import { estimatePassUsage, PASS_ASSUMPTIONS } from '../plan/cost-estimate.js'
import type { ReviewUnit } from '../plan/review-plan.js'
import { estimateTokens } from '../plan/token-estimate.js'
import { describeCostNeed, totalCostNeed } from '../vocabulary/pass.js'
import type { PassCostNeed, StopCause } from '../vocabulary/pass.js'
import { priceOf } from '../vocabulary/model-pricing.js'
import { costOf, NO_USAGE } from '../vocabulary/usage.js'
import { MIN_TURN_OUTPUT_TOKENS } from './cost-cap.js'
import type { CostCap, CostHold } from './cost-cap.js'
import type { PassResult } from './review-pass.js'

/** What admission reads of a review job. */
interface AdmissionJob {
  cap?: CostCap
  model: string
  deadline?: number
}

/** A pass's place under the cap: a hold, or why it has none. */
export interface PassAdmission {
  need: PassCostNeed
  hold?: CostHold
  /** Why the pass was not admitted, in words. */
  refused?: string
}

/**
 * Admits a pass by its calibrated expected cost, with room for its largest
 * turn's worst case (else it would stop before reporting), waiting while
 * running passes may free room; or says why not.
 */
export async function admitPass(
  cap: CostCap,
  estimate: PassCostNeed
): Promise<PassAdmission> {
  const need = {
    expectedUsd: cap.calibrated(estimate.expectedUsd),
    largestTurnUsd: estimate.largestTurnUsd
  }
  const hold = await cap.admitWhenRoom(need.expectedUsd, need.largestTurnUsd)
  if (hold) return { need, hold }
  return { need, refused: refusal(cap, need) }
}

function refusal(cap: CostCap, need: PassCostNeed): string {
  const needs = describeCostNeed(need)
  return totalCostNeed(need) > cap.limitUsd
    ? `max-cost-usd ($${cap.limitUsd}) is less than one pass needs (${needs})`
    : `max-cost-usd would be passed ($${cap.spent.toFixed(4)} spent; this pass needs ${needs})`
}

/**
 * What a pass is expected to cost, by the planning figures on its real
 * prefix (a sibling reads the cache its unit's first pass wrote), and the
 * worst case of its last turn: all its input at the dearest input price
 * and a useful turn's output.
 */
function passCostNeed(
  model: string,
  prefix: string,
  warm: boolean
): PassCostNeed {
  const prefixTokens = estimateTokens(prefix)
  const price = priceOf(model)
  const a = PASS_ASSUMPTIONS
  const lastInput =
    a.systemTokens +
    prefixTokens +
    a.areaTokens +
    (a.turns - 1) * a.toolResultTokensPerTurn
  return {
    expectedUsd: costOf(estimatePassUsage(prefixTokens, warm), model) ?? 0,
    largestTurnUsd: price
      ? (lastInput * Math.max(price.input, price.cacheWrite) +
          MIN_TURN_OUTPUT_TOKENS * price.output) /
        1e6
      : 0
  }
}

/** Why a pass does not start (a fatal error, the time budget, the cap), or its hold under the cap. */
export async function preflight(
  job: AdmissionJob,
  pass: { unit: ReviewUnit; area: ReviewArea; prefix: string; warm: boolean },
  fatal: () => { message: string } | undefined
): Promise<PassResult | { hold?: CostHold }> {
  const { unit, area } = pass
  const stopped = (): PassResult | undefined => {
    const refusal = fatal()
    if (refusal) return notRun(unit, area, refusal.message, 'fatal')
    if (job.deadline !== undefined && Date.now() >= job.deadline)
      return notRun(unit, area, 'the time budget was reached', 'deadline')
    return undefined
  }
  const before = stopped()
  if (before || !job.cap) return before ?? {}
  const admission = await admitPass(
    job.cap,
    passCostNeed(job.model, pass.prefix, pass.warm)
  )
  if (admission.refused) return refusedPass(unit, area, admission)
  // Admission may have waited for other passes: a stop since then still holds.
  const after = stopped()
  if (after) admission.hold?.release()
  return after ?? { hold: admission.hold }
}

function refusedPass(
  unit: ReviewUnit,
  area: ReviewArea,
  admission: PassAdmission
): PassResult {
  return {
    ...notRun(unit, area, admission.refused!, 'cost-cap'),
    costNeed: admission.need
  }
}

export function notRun(
  unit: ReviewUnit,
  area: ReviewArea,
  reason: string,
  stop: StopCause
): PassResult {
  return {
    unit: unit.id,
    area: area.id,
    status: 'not-run',
    reason: `not run: ${reason}`,
    stop,
    findings: [],
    turns: 0,
    toolCalls: 0,
    usage: NO_USAGE
  }
}
