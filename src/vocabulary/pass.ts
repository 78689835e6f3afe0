import type { TokenUsage } from './usage.js'

/**
 * How an area pass over a unit ended. Only `complete` counts as reviewed;
 * every other status is reviewed again by the next run.
 */
export type PassStatus =
  | 'complete'
  /** Stopped before reporting: turns or the time budget ran out. */
  | 'incomplete'
  | 'refused'
  | 'failed'
  /** Never started: the time budget, the spending cap or a fatal API error stopped it first. */
  | 'not-run'

/**
 * Why a pass did not complete, for decisions (the prose `reason` is for
 * people): `deadline` (time-budget), `cost-cap` (max-cost-usd), `fatal` (the
 * API refused the key, the permission or the model: every pass stops),
 * `turns` (max-turns), `no-report` (ended without reporting), `refused`,
 * `context-window`, `error` (a failed request).
 */
export type StopCause =
  | 'deadline'
  | 'cost-cap'
  | 'fatal'
  | 'turns'
  | 'no-report'
  | 'refused'
  | 'context-window'
  | 'error'

/** One (unit, area) pass as every later stage sees it. */
export interface PassOutcome {
  unit: string
  area: string
  status: PassStatus
  /** Why a pass did not complete, in words. */
  reason?: string
  /** Why a pass did not complete, as a cause decisions read. */
  stop?: StopCause
  /** A pass the cost cap did not admit: what it needed. */
  costNeed?: PassCostNeed
  turns: number
  toolCalls: number
  usage: TokenUsage
}

/** `unit area` for messages: "unit-2 security". */
export function passName(pass: { unit: string; area: string }): string {
  return `${pass.unit} ${pass.area}`
}

/** What a pass needs under max-cost-usd: its expected cost, and room for its largest turn's worst case. */
export interface PassCostNeed {
  expectedUsd: number
  largestTurnUsd: number
}

/** "≈$0.0080 expected, and ≈$0.0182 of room for its largest turn". */
export function describeCostNeed(need: PassCostNeed): string {
  const usd = (n: number): string => `≈$${n.toFixed(4)}`
  return `${usd(need.expectedUsd)} expected, and ${usd(need.largestTurnUsd)} of room for its largest turn`
}

/** What a pass needs under the cap in all: its expected cost and its largest turn's room. */
export function totalCostNeed(need: PassCostNeed): number {
  return need.expectedUsd + need.largestTurnUsd
}
