import { countOpen } from '../findings/ledger.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import { redactSecrets } from '../text/sanitize.js'

/**
 * The findings file (`findings-file` output, `--format json`): one review,
 * in full. Every finding appears once, with its status and placement; the
 * counts are the ledger's open findings, as everywhere else.
 */
export function findingsDocument(
  outcome: ReviewOutcome,
  context: { reference: string }
) {
  return {
    version: 2,
    reference: context.reference,
    headSha: outcome.headSha,
    agent: outcome.agent,
    model: outcome.model,
    reviewed: outcome.kind !== 'planned',
    complete: outcome.kind !== 'planned' && outcome.unfinished.length === 0,
    counts: countOpen(outcome.ledger),
    findings: outcome.ledger.findings,
    invalid: outcome.ledger.invalid,
    passes: outcome.passes.map(({ findings, ...pass }) => ({
      ...pass,
      findings: findings.length
    })),
    unfinished: outcome.unfinished.map(({ unit, area, status, reason }) => ({
      unit,
      area,
      status,
      reason
    })),
    scope: outcome.scope?.description ?? null,
    usage: outcome.usage,
    costUsd: outcome.costUsd ?? null,
    verification: outcome.verification ?? null,
    grantedTools: outcome.grantedTools,
    withheldTools: outcome.withheldTools,
    skipped: outcome.planned.plan.skipped
  }
}

/** The findings document as written to a file or stdout: model text never carries one of the run's secrets. */
export function findingsJson(
  outcome: ReviewOutcome,
  reference: string,
  secrets: readonly string[]
): string {
  return `${redactSecrets(JSON.stringify(findingsDocument(outcome, { reference }), null, 2), secrets)}\n`
}
