import type { PassStatus } from './pass.js'
import type { TokenUsage } from './usage.js'

/**
 * What the pipeline tells a front end while it works, so a person can
 * follow a review that takes minutes: the CLI draws it on stderr, the
 * action writes it to the log.
 */
export type ReviewProgress =
  | {
      kind: 'scope'
      /** Passes this run makes (units × due areas). */
      passes: number
      description: string
    }
  | {
      kind: 'context'
      unit: string
      /** Tokens of repository context gathered for the unit. */
      tokens: number
      /** What was gathered and what did not fit. */
      included: number
      omitted: number
    }
  | { kind: 'pass-started'; unit: string; area: string }
  | {
      kind: 'pass-finished'
      unit: string
      area: string
      status: PassStatus
      findings: number
      turns: number
      usage: TokenUsage
      model: string
      reason?: string
    }
  | { kind: 'verify-started'; findings: number; model: string }
  | {
      kind: 'verify-finished'
      checked: number
      dropped: number
      usage: TokenUsage
      model: string
    }

/** Told each step of a review as it happens. */
export type ProgressListener = (event: ReviewProgress) => void
