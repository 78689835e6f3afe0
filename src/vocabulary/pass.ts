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

/** One (unit, area) pass as every later stage sees it. */
export interface PassOutcome {
  unit: string
  area: string
  status: PassStatus
  /** Why a pass did not complete. */
  reason?: string
  turns: number
  toolCalls: number
  usage: TokenUsage
}

/** `unit area` for messages: "unit-2 security". */
export function passName(pass: { unit: string; area: string }): string {
  return `${pass.unit} ${pass.area}`
}
