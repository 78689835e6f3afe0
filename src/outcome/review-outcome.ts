import type { Ledger } from '../findings/ledger.js'
import type { StructureView } from '../context/structure/structure-review.js'
import type { PlannedChange } from '../plan/plan-change.js'
import type { ShardPlan } from '../plan/shards.js'
import type { PassResult } from '../review/review-pass.js'
import type { ReviewResult } from '../review/review-runner.js'
import type { PassOutcome } from '../vocabulary/pass.js'
import type { TokenUsage } from '../vocabulary/usage.js'
import type { RunStateCoverage } from './next-state.js'

/** The walkthrough an outcome shows: this run's, or the last one kept in the state. */
export interface OutcomeWalkthrough {
  head: string
  text?: string
  /** Why this run has none (the cap, the model, the request). */
  missing?: string
  costUsd?: number
}

/** What every outcome says, whatever the run did. */
export interface OutcomeCommon {
  headSha: string
  planned: PlannedChange
  agent: string
  model: string
  areas: string[]
  /** The tools the model had (the agent's read-only tools the file view supports). */
  grantedTools: string[]
  /** Tools the agent declares that are not read-only: never given. */
  withheldTools: string[]
  /** Read-only tools the agent has that the file view could not serve (Grep and Glob without git objects). */
  unavailableTools: string[]
  /** Where the tools read files from. */
  filesOrigin?: string
  scope?: { description: string; passCount: number }
  /** This run's passes. */
  passes: PassResult[]
  /** Passes of the plan that are not complete at this head. */
  unfinished: PassOutcome[]
  ledger: Ledger
  usage: TokenUsage
  costUsd?: number
  turns: number
  toolCalls: number
  verification?: {
    model: string
    checked: number
    dropped: number
    /** Verifications that failed or did not run (max-cost-usd): those findings are kept unverified. */
    failed: number
    usage: TokenUsage
    costUsd?: number
  }
  context: ReviewResult['context']
  /** The walkthrough the summary starts with: this head's, or the last one (a restatement); why there is none. */
  walkthrough?: OutcomeWalkthrough
  /** The modules the change touches and the imports between them (no model), when code was reviewed. */
  structure?: StructureView
  /** How this review splits over shard jobs (for the shard-matrix output). */
  shards: ShardPlan
}

/** What the next run needs (its findings come from the ledger). */
interface Covered {
  state: RunStateCoverage
}

/**
 * Everything a run found and did: the one thing the action, the CLI and the
 * eval read, told apart by `kind`.
 * - `planned`: no model (no key, or a plan run); nothing was reviewed.
 * - `reviewed`: passes ran at this head.
 * - `shard`: this shard's share of the passes ran; the merge publishes them.
 * - `merged`: the shards' passes, merged and verified once.
 * - `restated`: no pass ran; the last review's findings (after a pause or a
 *   dismissal), at the head that review covered.
 */
export type ReviewOutcome =
  | (OutcomeCommon & { kind: 'planned'; state?: undefined })
  | (OutcomeCommon & Covered & { kind: 'reviewed' })
  | (OutcomeCommon &
      Covered & { kind: 'shard'; shard: { index: number; total: number } })
  | (OutcomeCommon &
      Covered & {
        kind: 'merged'
        /** Shard files merged, and the shards that delivered none. */
        merged: { delivered: number; missing: string[] }
      })
  | (OutcomeCommon &
      Covered & {
        kind: 'restated'
        /** The head of the review restated; undefined when none ran yet. */
        restated: { lastReview?: string }
      })

/** An outcome with a ledger worth publishing: every kind but a plan. */
export type ReviewedOutcome = Exclude<ReviewOutcome, { kind: 'planned' }>
