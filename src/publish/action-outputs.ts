import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { countOpen } from '../findings/ledger.js'
import { shardMatrix } from '../plan/shards.js'
import { Outputs } from '../outputs.js'
import type { ReviewOutcome } from '../pipeline/review-change.js'
import { findingsJson } from '../report/findings-document.js'
import { toSarif } from '../report/sarif.js'
import { redactSecrets } from '../text/sanitize.js'
import { SEVERITIES } from '../vocabulary/severity.js'
import { ACTION_VERSION } from '../version.js'

/**
 * Every output on a path that reviews nothing (skip, fork without a key,
 * dry-run): an empty findings list and zero counts, never unset.
 */
export function setEmptyOutputs(): void {
  core.setOutput(Outputs.FilesReviewed, 0)
  core.setOutput(Outputs.FilesSkipped, 0)
  core.setOutput(Outputs.ReviewUnits, 0)
  core.setOutput(Outputs.EstimatedCostUsd, '')
  setReviewFields('[]', undefined)
  for (const severity of SEVERITIES) core.setOutput(severity, 0)
  // A matrix job needs at least one entry: one shard, which ends the same way.
  core.setOutput(Outputs.ShardMatrix, JSON.stringify(shardMatrix(1)))
  core.setOutput(Outputs.ShardFile, '')
}

/** The plan's outputs: set as soon as the plan exists. */
export function setPlanOutputs(outcome: ReviewOutcome): void {
  const { plan, estimate } = outcome.planned
  core.setOutput(Outputs.FilesReviewed, plan.reviewedFiles)
  core.setOutput(Outputs.FilesSkipped, plan.skipped.length)
  core.setOutput(Outputs.ReviewUnits, plan.units.length)
  core.setOutput(
    Outputs.EstimatedCostUsd,
    estimate.costUsd === undefined ? '' : estimate.costUsd.toFixed(4)
  )
  core.setOutput(
    Outputs.ShardMatrix,
    JSON.stringify(shardMatrix(outcome.shards.shares.length))
  )
}

/**
 * The findings outputs, file, SARIF and counts — all from the one ledger.
 * Called before publishing (so nothing is lost if it fails) and again after
 * (so placement is final). Model text never carries one of the run's secrets.
 */
export async function setFindingsOutputs(
  outcome: ReviewOutcome,
  reference: string,
  secrets: readonly string[],
  ids: { reviewId?: number; summaryCommentId?: number } = {}
): Promise<void> {
  setPlanOutputs(outcome)
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
    redactSecrets(
      JSON.stringify([...outcome.ledger.findings, ...outcome.ledger.invalid]),
      secrets
    ),
    outcome
  )
  core.setOutput(Outputs.FindingsFile, findingsPath)
  core.setOutput(Outputs.SarifFile, sarifPath)
  core.setOutput(Outputs.ReviewId, ids.reviewId ?? '')
  core.setOutput(Outputs.SummaryCommentId, ids.summaryCommentId ?? '')
  for (const [severity, count] of Object.entries(countOpen(outcome.ledger)))
    core.setOutput(severity, count)
}

function setReviewFields(
  findings: string,
  outcome: ReviewOutcome | undefined
): void {
  const u = outcome?.usage
  core.setOutput(Outputs.Findings, findings)
  core.setOutput(
    Outputs.InputTokens,
    u ? u.input + u.cacheWrite + u.cacheRead : 0
  )
  core.setOutput(Outputs.OutputTokens, u ? u.output : 0)
  core.setOutput(
    Outputs.CostUsd,
    outcome?.costUsd === undefined ? '' : outcome.costUsd.toFixed(4)
  )
  if (!outcome) {
    core.setOutput(Outputs.FindingsFile, '')
    core.setOutput(Outputs.SarifFile, '')
    core.setOutput(Outputs.ReviewId, '')
    core.setOutput(Outputs.SummaryCommentId, '')
  }
}
