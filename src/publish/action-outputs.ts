import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { countOpen } from '../findings/ledger.js'
import { shardMatrix } from '../plan/shards.js'
import { Outputs } from '../outputs.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import { findingsJson } from '../report/findings-document.js'
import { toSarif } from '../report/sarif.js'
import { redactSecrets } from '../text/sanitize.js'
import { SEVERITIES } from '../vocabulary/severity.js'
import { ACTION_VERSION } from '../version.js'

/** Sets one step output (the runner's GITHUB_OUTPUT, or a map in tests). */
export type OutputSink = (
  name: Outputs | string,
  value: string | number
) => void

/** Every output of a run by name, built before any is set. */
export type OutputValues = Record<string, string | number>

/** Sets every output, each once. */
export function setOutputs(set: OutputSink, values: OutputValues): void {
  for (const [name, value] of Object.entries(values)) set(name, value)
}

/**
 * Every output on a path that reviews nothing (skip, fork without a key,
 * dry-run): an empty findings list and zero counts, never unset.
 */
export function emptyOutputs(): OutputValues {
  const values: OutputValues = {
    [Outputs.FilesReviewed]: 0,
    [Outputs.FilesSkipped]: 0,
    [Outputs.ReviewUnits]: 0,
    [Outputs.EstimatedCostUsd]: '',
    [Outputs.Findings]: '[]',
    [Outputs.InputTokens]: 0,
    [Outputs.OutputTokens]: 0,
    [Outputs.CostUsd]: '',
    [Outputs.FindingsFile]: '',
    [Outputs.SarifFile]: '',
    [Outputs.ReviewId]: '',
    [Outputs.SummaryCommentId]: '',
    // A matrix job needs at least one entry: one shard, which ends the same way.
    [Outputs.ShardMatrix]: JSON.stringify(shardMatrix(1)),
    [Outputs.ShardFile]: ''
  }
  for (const severity of SEVERITIES) values[severity] = 0
  return values
}

/** The plan's outputs, over the empty ones: a run that only planned, or a shard. */
export function planOutputs(outcome: ReviewOutcome): OutputValues {
  const { plan, estimate } = outcome.planned
  return {
    ...emptyOutputs(),
    [Outputs.FilesReviewed]: plan.reviewedFiles,
    [Outputs.FilesSkipped]: plan.skipped.length,
    [Outputs.ReviewUnits]: plan.units.length,
    [Outputs.EstimatedCostUsd]:
      estimate.costUsd === undefined ? '' : estimate.costUsd.toFixed(4),
    [Outputs.ShardMatrix]: JSON.stringify(
      shardMatrix(outcome.shards.shares.length)
    )
  }
}

/**
 * The findings outputs, file, SARIF and counts — all from the one ledger,
 * built after publishing (so placement is final; publishing never throws
 * past its caller). Model text never carries one of the run's secrets.
 */
export async function findingsOutputs(
  outcome: ReviewOutcome,
  reference: string,
  secrets: readonly string[],
  ids: { reviewId?: number; summaryCommentId?: number } = {}
): Promise<OutputValues> {
  const dir = await mkdtemp(
    join(process.env.RUNNER_TEMP || tmpdir(), 'architect-review-')
  )
  const findingsPath = join(dir, 'findings.json')
  const sarifPath = join(dir, 'architect-review.sarif')
  await writeFile(findingsPath, findingsJson(outcome, reference, secrets))
  await writeFile(
    sarifPath,
    `${JSON.stringify(toSarif(outcome.ledger.findings, { version: ACTION_VERSION, secrets }), null, 2)}\n`
  )
  const u = outcome.usage
  return {
    ...planOutputs(outcome),
    // Invalid reports too: no finding is silently lost.
    [Outputs.Findings]: redactSecrets(
      JSON.stringify([...outcome.ledger.findings, ...outcome.ledger.invalid]),
      secrets
    ),
    [Outputs.InputTokens]: u.input + u.cacheWrite + u.cacheRead,
    [Outputs.OutputTokens]: u.output,
    [Outputs.CostUsd]:
      outcome.costUsd === undefined ? '' : outcome.costUsd.toFixed(4),
    [Outputs.FindingsFile]: findingsPath,
    [Outputs.SarifFile]: sarifPath,
    [Outputs.ReviewId]: ids.reviewId ?? '',
    [Outputs.SummaryCommentId]: ids.summaryCommentId ?? '',
    ...countOpen(outcome.ledger)
  }
}
