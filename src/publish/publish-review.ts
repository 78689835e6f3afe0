import * as core from '@actions/core'
import type {
  PullRequestWriter,
  ReviewComment
} from '../github/pull-request-writer.js'
import { annotate } from './annotations.js'
import { inlineCommentBody } from './comment-body.js'
import type { StateFinding } from './markers.js'
import type { PreviousReview } from './previous-review.js'
import type { PublishedFinding } from './reconcile.js'
import { renderSummary } from './summary-comment.js'
import type { SummaryInput } from './summary-comment.js'

export interface PublishInput {
  writer: PullRequestWriter
  headSha: string
  /** Reconciled findings of this run. */
  findings: PublishedFinding[]
  previous: PreviousReview
  /** Summary content besides the findings. */
  summary: Omit<SummaryInput, 'headSha' | 'findings' | 'resolved' | 'notices'>
  /** Fingerprints this run re-checked: earlier findings among them that are gone are resolved. */
  recheckedPaths: ReadonlySet<string>
  /** Sentences for the top of the summary (where the configuration came from). */
  notes?: string[]
  dryRun: boolean
  secrets: readonly string[]
  log?: (line: string) => void
}

export interface PublishResult {
  reviewId?: number
  summaryCommentId?: number
  summaryBody: string
  resolved: StateFinding[]
  annotations: number
  notices: string[]
  /** Writes the token was not allowed to make. */
  denied: boolean
}

/**
 * Posts one COMMENT review with the inline findings (bisecting a 422 to the
 * comments GitHub cannot place), then creates or updates the one summary
 * comment. Without write access the findings become annotations.
 */
export async function publishReview(
  input: PublishInput
): Promise<PublishResult> {
  const { writer, findings } = input
  const log = input.log ?? (() => undefined)
  const notices: string[] = [...(input.notes ?? [])]
  let denied = false
  let summaryFailed = false
  let annotations = 0
  let reviewId: number | undefined

  const current = new Set(findings.map((f) => f.fingerprint))
  const carried = new Set(input.summary.carried.map((f) => f.fp))
  const resolved = (input.previous.state?.findings ?? []).filter(
    (f) =>
      !current.has(f.fp) &&
      !carried.has(f.fp) &&
      input.recheckedPaths.has(f.path)
  )

  const inline = findings.filter((f) => f.disposition === 'inline')
  if (inline.length > 0 && input.dryRun) {
    notices.push(`Dry run: ${inline.length} inline comment(s) were not posted.`)
  } else if (inline.length > 0) {
    const comments = inline.map((f) => toReviewComment(f, input.secrets))
    try {
      reviewId = await postReview(writer, input.headSha, comments, inline, log)
    } catch (error) {
      // Whatever went wrong (no permission, GitHub down after retries), the findings still show.
      denied = isDenied(error)
      annotations = annotate(inline, input.secrets)
      const why = denied
        ? "the token needs 'pull-requests: write', which GitHub withholds from fork pull requests"
        : 'GitHub kept failing after retries'
      const message = `Could not post the review (${describe(error)}): ${why}. The ${inline.length} inline finding(s) became ${annotations} annotation(s) on the run, most severe first, and are listed in the job summary.`
      notices.push(message)
      core.warning(message)
    }
    const unplaced = inline.filter((f) => f.disposition === 'summary')
    if (unplaced.length > 0) {
      notices.push(
        `GitHub could not place ${unplaced.length} comment(s) on their lines; they are listed below.`
      )
    }
  }

  const summaryBody = renderSummary({
    ...input.summary,
    headSha: input.headSha,
    findings,
    resolved,
    notices,
    secrets: input.secrets
  })
  let summaryCommentId = input.previous.summary?.id
  if (!input.dryRun && !denied) {
    try {
      if (summaryCommentId !== undefined)
        await writer.updateIssueComment(summaryCommentId, summaryBody)
      else summaryCommentId = await writer.createIssueComment(summaryBody)
    } catch (error) {
      denied = denied || isDenied(error)
      summaryFailed = true
      const message = `Could not write the summary comment (${describe(error)}); it is in the job summary.`
      notices.push(message)
      core.warning(message)
    }
  }

  if (!input.dryRun && !denied) {
    for (const gone of resolved) {
      const comment = input.previous.comments.get(gone.fp)
      if (!comment) continue
      try {
        await writer.minimizeComment(comment.nodeId)
      } catch (error) {
        log(
          `Could not minimize the comment of a resolved finding (${describe(error)}); it stays visible.`
        )
        break
      }
    }
  }
  return {
    reviewId,
    summaryCommentId: denied || summaryFailed ? undefined : summaryCommentId,
    summaryBody,
    resolved,
    annotations,
    notices,
    denied
  }
}

function toReviewComment(
  finding: PublishedFinding,
  secrets: readonly string[]
): ReviewComment {
  const anchor = finding.anchor!
  return {
    path: finding.path,
    line: anchor.line,
    side: 'RIGHT',
    // GitHub rejects start_line == line; a one-line comment has none.
    ...(anchor.startLine !== undefined && anchor.startLine < anchor.line
      ? { start_line: anchor.startLine, start_side: 'RIGHT' as const }
      : {}),
    body: inlineCommentBody(finding, secrets)
  }
}

/**
 * Posts the review. On a 422 (a line GitHub will not resolve) it finds the
 * offending comments by bisection with PENDING reviews, which it deletes,
 * moves them to the summary, and posts the rest as the one review.
 */
async function postReview(
  writer: PullRequestWriter,
  headSha: string,
  comments: ReviewComment[],
  findings: PublishedFinding[],
  log: (line: string) => void
): Promise<number | undefined> {
  const body = `architect-review: ${comments.length} finding(s) on this revision. The summary comment lists everything, including what is not on a diff line.`
  try {
    return await writer.createReview({ commitId: headSha, body, comments })
  } catch (error) {
    if (status(error) !== 422) throw error
    log(
      `GitHub rejected the review (422: ${describe(error)}); finding the comments it cannot place.`
    )
  }
  const rejected = new Set<number>()
  const probe = async (indices: number[]): Promise<void> => {
    try {
      const id = await writer.createReview({
        commitId: headSha,
        comments: indices.map((i) => comments[i]),
        pending: true
      })
      await writer.deletePendingReview(id)
    } catch (error) {
      if (status(error) !== 422) throw error
      if (indices.length === 1) {
        rejected.add(indices[0])
        return
      }
      const half = Math.ceil(indices.length / 2)
      await probe(indices.slice(0, half))
      await probe(indices.slice(half))
    }
  }
  await probe(comments.map((_, i) => i))
  for (const i of rejected) {
    findings[i].disposition = 'summary'
    findings[i].reason = 'GitHub could not place it on its line (422)'
  }
  const placeable = comments.filter((_, i) => !rejected.has(i))
  if (placeable.length === 0) return undefined
  return writer.createReview({ commitId: headSha, body, comments: placeable })
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status
}

function isDenied(error: unknown): boolean {
  return status(error) === 403 || status(error) === 404
}

function describe(error: unknown): string {
  const e = error as { status?: number; message?: string }
  return `${e.status ?? 'error'} ${e.message ?? String(error)}`.slice(0, 300)
}
