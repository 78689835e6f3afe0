import { randomUUID } from 'node:crypto'
import type { LedgerFinding } from '../findings/ledger.js'
import { withPlacements } from '../findings/placement.js'
import type { Place } from '../findings/placement.js'
import type { Logger } from '../logging.js'
import { sealWithin } from '../findings/run-state.js'
import type { StateSeal } from '../findings/run-state.js'
import type {
  PullRequestWriter,
  ReviewComment
} from '../github/pull-request-writer-types.js'
import { completeRunState } from '../outcome/next-state.js'
import type { ReviewedOutcome } from '../outcome/review-outcome.js'
import { annotate } from './annotations.js'
import { inlineCommentBody } from './comment-body.js'
import { writeMarker } from './markers.js'
import type { PreviousReview } from './previous-review.js'
import { renderSummary } from './summary-comment.js'

export interface PublishInput {
  writer: PullRequestWriter
  outcome: ReviewedOutcome
  previous: PreviousReview
  /** Seals the state; without it a throwaway key is used, and no later run trusts the state. */
  seal: StateSeal
  /** Sentences for the top of the summary (where the configuration came from). */
  notes?: string[]
  dryRun: boolean
  secrets: readonly string[]
  log: Logger
  /**
   * Called right before the summary (which carries the state) is written:
   * the state as it is now, with edits other runs made meanwhile taken in,
   * so none is overwritten by a copy read before the review was posted; and
   * a check, made just before the write, that no edit came after that read.
   */
  beforeSummary?: (
    outcome: ReviewedOutcome,
    notices: string[]
  ) => Promise<MergedSummary>
}

/** The outcome with edits made meanwhile taken in, and whether the summary was edited since they were read. */
export interface MergedSummary {
  outcome: ReviewedOutcome
  editedSince?: () => Promise<boolean>
}

/** Reads of the summary before its write, at most, while other runs keep editing it. */
export const SUMMARY_MERGE_ATTEMPTS = 3

export interface PublishResult {
  /** The outcome as published: each finding where it went (a comment GitHub refused is in the summary). */
  outcome: ReviewedOutcome
  reviewId?: number
  summaryCommentId?: number
  summaryBody: string
  annotations: number
  notices: string[]
  /** Writes the token was not allowed to make. */
  denied: boolean
}

/** Room for the state line in a summary body. */
const STATE_CHARS = 24_000

/**
 * Posts one COMMENT review with the inline findings (bisecting a 422 to the
 * comments GitHub cannot place), then creates or updates the one summary
 * comment, deletes extra summaries of ours, and minimizes the comments of
 * resolved findings. Without write access the findings
 * become annotations. Returns the outcome with each finding where it went;
 * the ledger it was given is left as it was.
 */
export async function publishReview(
  input: PublishInput
): Promise<PublishResult> {
  const log = (line: string): void => input.log.info(line)
  const notices: string[] = [...(input.notes ?? [])]
  const { moved, ...posted } = await postInline(input, notices)
  const placed: ReviewedOutcome = {
    ...input.outcome,
    ledger: withPlacements(input.outcome.ledger, (f) => moved.get(f))
  }
  const {
    outcome,
    summaryBody,
    notices: said
  } = await mergedSummary(input, placed, notices, posted.denied)
  if (input.dryRun || posted.denied)
    return { ...posted, outcome, summaryBody, notices: said }
  const summaryCommentId = await writeSummary(input, summaryBody, said)
  await cleanUp(input, log)
  return { ...posted, outcome, summaryCommentId, summaryBody, notices: said }
}

/**
 * The summary to write: merged with the state as it is now and rendered,
 * again while another run edited it after that read (compare and retry).
 */
async function mergedSummary(
  input: PublishInput,
  placed: ReviewedOutcome,
  notices: readonly string[],
  denied: boolean
): Promise<{
  outcome: ReviewedOutcome
  summaryBody: string
  notices: string[]
}> {
  for (let attempt = 1; ; attempt++) {
    const said = [...notices]
    const merged =
      input.beforeSummary && !input.dryRun && !denied
        ? await input.beforeSummary(placed, said)
        : { outcome: placed }
    const { outcome } = merged
    const sealed = sealWithin(
      completeRunState(outcome.state, outcome.ledger),
      input.seal,
      STATE_CHARS
    )
    const summaryBody = renderSummary(
      { outcome, notices: said, secrets: input.secrets },
      sealed
    )
    const again =
      merged.editedSince !== undefined &&
      attempt < SUMMARY_MERGE_ATTEMPTS &&
      (await merged.editedSince())
    if (!again) return { outcome, summaryBody, notices: said }
    input.log.info(
      'The summary was edited while this run merged it; reading it again.'
    )
  }
}

/** Findings that did not go where they were placed, and where they went instead. */
type Moved = Map<LedgerFinding, Place>

async function postInline(
  input: PublishInput,
  notices: string[]
): Promise<{
  reviewId?: number
  annotations: number
  denied: boolean
  moved: Moved
}> {
  const moved: Moved = new Map()
  const inline = input.outcome.ledger.findings.filter(
    (f) => f.placement === 'inline'
  )
  if (inline.length === 0) return { annotations: 0, denied: false, moved }
  if (input.dryRun) {
    notices.push(`Dry run: ${inline.length} inline comment(s) were not posted.`)
    return { annotations: 0, denied: false, moved }
  }
  const comments = inline.map((f) => toReviewComment(f, input.secrets))
  try {
    const reviewId = await postReview(input, comments, inline, moved)
    if (moved.size > 0)
      notices.push(
        `GitHub could not place ${moved.size} comment(s) on their lines; they are listed below.`
      )
    return { reviewId, annotations: 0, denied: false, moved }
  } catch (error) {
    // Whatever went wrong (no permission, GitHub down after retries), the findings still show.
    const denied = isDenied(error)
    const annotations = annotate(inline, input.log, input.secrets)
    for (const finding of inline)
      moved.set(finding, {
        placement: 'summary',
        reason:
          'the review could not be posted; shown as an annotation on the run'
      })
    const why = denied
      ? "the token needs 'pull-requests: write', which GitHub withholds from fork pull requests"
      : 'GitHub kept failing after retries'
    const message = `Could not post the review (${describe(error)}): ${why}. The ${inline.length} inline finding(s) became ${annotations} annotation(s) on the run, most severe first, and are listed in the job summary.`
    notices.push(message)
    input.log.warning(message)
    return { annotations, denied, moved }
  }
}

function toReviewComment(
  finding: LedgerFinding,
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
  input: PublishInput,
  comments: ReviewComment[],
  findings: LedgerFinding[],
  moved: Moved
): Promise<number | undefined> {
  const { writer } = input
  const commitId = input.outcome.headSha
  const marker = writeMarker(randomUUID())
  const body = `architect-review: ${comments.length} finding(s) on this revision. The summary comment lists everything, including what is not on a diff line.\n${marker}`
  try {
    return await writer.createReview({ commitId, body, comments, marker })
  } catch (error) {
    if (status(error) !== 422) throw error
    input.log.info(
      `GitHub rejected the review (422: ${describe(error)}); finding the comments it cannot place.`
    )
  }
  const rejected = new Set<number>()
  const probe = async (indices: number[]): Promise<void> => {
    try {
      const id = await writer.createReview({
        commitId,
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
  for (const i of rejected)
    moved.set(findings[i], {
      placement: 'summary',
      reason: 'GitHub could not place it on its line (422)'
    })
  const placeable = comments.filter((_, i) => !rejected.has(i))
  if (placeable.length === 0) return undefined
  return writer.createReview({ commitId, body, comments: placeable, marker })
}

async function writeSummary(
  input: PublishInput,
  summaryBody: string,
  notices: string[]
): Promise<number | undefined> {
  const existing = input.previous.summary?.id
  try {
    if (existing !== undefined) {
      await input.writer.updateIssueComment(existing, summaryBody)
      return existing
    }
    // The state line is unique to this body, so a lost answer can be found by it.
    const marker = summaryBody.slice(summaryBody.lastIndexOf('\n') + 1)
    return await input.writer.createIssueComment(summaryBody, marker)
  } catch (error) {
    const message = `Could not write the summary comment (${describe(error)}); it is in the job summary.`
    notices.push(message)
    input.log.warning(message)
    return undefined
  }
}

/** Extra summaries of ours go; comments of resolved findings are minimized (a dismissal closes its thread when it is made). */
async function cleanUp(
  input: PublishInput,
  log: (line: string) => void
): Promise<void> {
  for (const extra of input.previous.extraSummaries) {
    try {
      await input.writer.deleteIssueComment(extra.id)
      log(`Deleted extra summary comment ${extra.id}.`)
    } catch (error) {
      log(
        `Could not delete extra summary comment ${extra.id} (${describe(error)}).`
      )
    }
  }
  const closed = input.outcome.ledger.findings.filter(
    (f) => f.status === 'resolved'
  )
  for (const finding of closed) {
    const comment = input.previous.comments.get(finding.fingerprint)
    if (!comment) continue
    try {
      await input.writer.minimizeComment(comment.nodeId)
    } catch (error) {
      log(
        `Could not minimize the comment of a ${finding.status} finding (${describe(error)}); it stays visible.`
      )
      break
    }
  }
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
