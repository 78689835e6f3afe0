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

/**
 * Every output on a path that reviews nothing (skip, fork without a key,
 * dry-run): an empty findings list and zero counts, never unset.
 */
export function setEmptyOutputs(set: OutputSink): void {
  set(Outputs.FilesReviewed, 0)
  set(Outputs.FilesSkipped, 0)
  set(Outputs.ReviewUnits, 0)
  set(Outputs.EstimatedCostUsd, '')
  setReviewFields(set, '[]', undefined)
  for (const severity of SEVERITIES) set(severity, 0)
  // A matrix job needs at least one entry: one shard, which ends the same way.
  set(Outputs.ShardMatrix, JSON.stringify(shardMatrix(1)))
  set(Outputs.ShardFile, '')
}

/** The plan's outputs: set as soon as the plan exists. */
export function setPlanOutputs(set: OutputSink, outcome: ReviewOutcome): void {
  const { plan, estimate } = outcome.planned
  set(Outputs.FilesReviewed, plan.reviewedFiles)
  set(Outputs.FilesSkipped, plan.skipped.length)
  set(Outputs.ReviewUnits, plan.units.length)
  set(
    Outputs.EstimatedCostUsd,
    estimate.costUsd === undefined ? '' : estimate.costUsd.toFixed(4)
  )
  set(
    Outputs.ShardMatrix,
    JSON.stringify(shardMatrix(outcome.shards.shares.length))
  )
}

/**
 * The findings outputs, file, SARIF and counts — all from the one ledger,
 * set once, after publishing (so placement is final; publishing never
 * throws past its caller). Model text never carries one of the run's secrets.
 */
export async function setFindingsOutputs(
  set: OutputSink,
  outcome: ReviewOutcome,
  reference: string,
  secrets: readonly string[],
  ids: { reviewId?: number; summaryCommentId?: number } = {}
): Promise<void> {
  setPlanOutputs(set, outcome)
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
  // Invalid reports too: no finding is silently lost.
  setReviewFields(
    set,
    redactSecrets(
      JSON.stringify([...outcome.ledger.findings, ...outcome.ledger.invalid]),
      secrets
    ),
    outcome
  )
  set(Outputs.FindingsFile, findingsPath)
  set(Outputs.SarifFile, sarifPath)
  set(Outputs.ReviewId, ids.reviewId ?? '')
  set(Outputs.SummaryCommentId, ids.summaryCommentId ?? '')
  for (const [severity, count] of Object.entries(countOpen(outcome.ledger)))
    set(severity, count)
}

function setReviewFields(
  set: OutputSink,
  findings: string,
  outcome: ReviewOutcome | undefined
): void {
  const u = outcome?.usage
  set(Outputs.Findings, findings)
  set(Outputs.InputTokens, u ? u.input + u.cacheWrite + u.cacheRead : 0)
  set(Outputs.OutputTokens, u ? u.output : 0)
  set(
    Outputs.CostUsd,
    outcome?.costUsd === undefined ? '' : outcome.costUsd.toFixed(4)
  )
  if (!outcome) {
    set(Outputs.FindingsFile, '')
    set(Outputs.SarifFile, '')
    set(Outputs.ReviewId, '')
    set(Outputs.SummaryCommentId, '')
  }
}
