import type { SkippedFile } from '../diff/file-selection.js'
import type { ChangeReview } from '../review/review-change.js'
import { severityCounts } from '../review/review-report.js'

/** The findings file (`findings-file` output, `--format json`): one review, in full. */
export function findingsDocument(
  review: ChangeReview,
  context: {
    reference: string
    headSha: string
    skipped: readonly SkippedFile[]
    /** The findings as published (with dispositions); the review's own when absent. */
    findings?: readonly unknown[]
  }
) {
  return {
    version: 1,
    reference: context.reference,
    headSha: context.headSha,
    agent: review.agent,
    model: review.model,
    complete: review.complete,
    counts: severityCounts(review.findings),
    findings: context.findings ?? review.findings,
    passes: review.passes.map(({ findings, ...pass }) => ({
      ...pass,
      findings: findings.length
    })),
    usage: review.usage,
    costUsd: review.costUsd ?? null,
    grantedTools: review.grantedTools,
    withheldTools: review.withheldTools,
    skipped: context.skipped
  }
}
