import type { PassOutcome } from '../vocabulary/pass.js'
import { passName } from '../vocabulary/pass.js'
import { atLeast } from '../vocabulary/severity.js'
import type { Severity } from '../vocabulary/severity.js'
import { byRank, openFindings } from './ledger.js'
import type { Ledger, LedgerFinding } from './ledger.js'

/** `fail-on` values: a severity, or none. */
export type FailOn = Severity | 'none'

export interface GateInput {
  ledger: Ledger
  /** Passes of the plan that are not complete at this head. */
  unfinished: readonly PassOutcome[]
  failOn: FailOn
}

export interface GateVerdict {
  /** The step (or the CLI) fails. */
  failed: boolean
  /** Why it failed, naming the findings and the passes. */
  message?: string
  /** What did not complete, when that alone does not fail it (no fail-on). */
  warning?: string
  tripped: LedgerFinding[]
}

/**
 * The gate fails closed: every open finding counts, new or carried, so a
 * re-run stays red until the code changes; and with `fail-on` set, a review
 * with passes that did not complete fails, naming them.
 */
export function gate(input: GateInput): GateVerdict {
  const unfinished =
    input.unfinished.length > 0 ? unfinishedText(input.unfinished) : undefined
  if (input.failOn === 'none')
    return {
      failed: false,
      tripped: [],
      warning:
        unfinished && `${unfinished} They are reviewed again by the next run.`
    }
  const limit = input.failOn
  const tripped = openFindings(input.ledger)
    .filter((f) => atLeast(f.severity, limit))
    .sort(byRank)
  const parts: string[] = []
  if (tripped.length > 0) parts.push(findingsText(tripped, limit))
  if (unfinished)
    parts.push(
      `${unfinished} A review that did not complete cannot pass fail-on: ${limit}; re-run the job to review them.`
    )
  return {
    failed: parts.length > 0,
    message: parts.length > 0 ? parts.join('\n') : undefined,
    tripped
  }
}

function findingsText(
  tripped: readonly LedgerFinding[],
  failOn: Severity
): string {
  const listed = tripped
    .slice(0, 20)
    .map(
      (f) => `- ${f.severity} ${f.path}:${f.anchor?.line ?? f.line} ${f.title}`
    )
    .join('\n')
  const more =
    tripped.length > 20 ? `\n- … and ${tripped.length - 20} more` : ''
  return `fail-on: ${failOn} — ${tripped.length} open finding(s) at or above ${failOn}:\n${listed}${more}`
}

function unfinishedText(passes: readonly PassOutcome[]): string {
  const named = passes
    .slice(0, 10)
    .map((p) => `${passName(p)} (${p.status})`)
    .join(', ')
  const more = passes.length > 10 ? ` and ${passes.length - 10} more` : ''
  return `${passes.length} review pass(es) did not complete: ${named}${more}.`
}
