import { openState } from '../findings/run-state.js'
import type { OpenedState, RunState, StateSeal } from '../findings/run-state.js'
import type {
  ExistingComment,
  PullRequestWriter
} from '../github/pull-request-writer-types.js'
import { fingerprintOf, isSummaryBody, sealedStateIn } from './markers.js'

/** The login of the job's GITHUB_TOKEN, which cannot ask GitHub who it is. */
export const JOB_TOKEN_LOGIN = 'github-actions[bot]'

/** What this action left on the PR in earlier runs. */
export interface PreviousReview {
  /** Our summary comment (the oldest, when there are several). */
  summary?: ExistingComment
  /** Further summaries of ours (a lost create answer, a race): deleted when publishing. */
  extraSummaries: ExistingComment[]
  /** The verified run state, if there is one. */
  state?: RunState
  /** What was concluded about the state, for the log. */
  stateNote: string
  /** Our inline comments by the fingerprint they carry. */
  comments: Map<string, ExistingComment>
  /** Who we are on GitHub: the token's login, or the job token's bot. */
  self: string
  /** Every comment on the PR, as listed (for threads and answers). */
  issueComments: ExistingComment[]
  reviewComments: ExistingComment[]
}

/**
 * Finds our summary and inline comments. A comment is ours when we wrote
 * it: the token's own login when GitHub will say, else the job token's
 * bot, or a bot whose summary carries a state sealed with this run's
 * secret. The state is read only from our summary's last line, and only
 * when its seal verifies; without a secret it is never trusted.
 */
export async function readPreviousReview(
  writer: PullRequestWriter,
  seal: StateSeal | undefined
): Promise<PreviousReview> {
  const [me, issueComments, reviewComments] = await Promise.all([
    writer.whoAmI(),
    writer.listIssueComments(),
    writer.listReviewComments()
  ])
  const self = me ?? JOB_TOKEN_LOGIN
  // Each summary's state is verified and decoded once.
  const opened = new Map(
    issueComments
      .filter((c) => isSummaryBody(c.body))
      .map((c) => [c, openSummaryState(c, seal)] as const)
  )
  const summaries = [...opened]
    .filter(
      ([c, state]) =>
        c.author === self || (me === undefined && c.authorIsBot && state.ok)
    )
    .map(([c]) => c)
    .sort((a, b) => a.id - b.id)
  const [summary, ...extraSummaries] = summaries
  const author = summary?.author ?? self
  const comments = new Map<string, ExistingComment>()
  for (const comment of reviewComments) {
    if (comment.author !== author) continue
    const fp = fingerprintOf(comment.body)
    if (fp && !comments.has(fp)) comments.set(fp, comment)
  }
  const state = summary && opened.get(summary)
  return {
    summary,
    extraSummaries,
    state: state?.ok ? state.state : undefined,
    stateNote: stateNote(summary, state),
    comments,
    self: author,
    issueComments,
    reviewComments
  }
}

/** The state at the fixed place of a summary, verified; why not, when it is not taken. */
function openSummaryState(
  comment: ExistingComment,
  seal: StateSeal | undefined
): OpenedState {
  if (!seal)
    return {
      ok: false,
      why: 'it is not trusted without a secret to verify it (anthropic-api-key or state-secret)'
    }
  const sealed = sealedStateIn(comment.body)
  return sealed
    ? openState(sealed, seal)
    : { ok: false, why: 'it holds no state' }
}

function stateNote(
  summary: ExistingComment | undefined,
  state: OpenedState | undefined
): string {
  if (!summary || !state)
    return 'No earlier review of ours on this pull request.'
  return state.ok
    ? `Summary comment ${summary.id}: verified state of ${state.state.head.slice(0, 12)}.`
    : `Summary comment ${summary.id}: state not used (${state.why}); reviewing everything.`
}

/** Our summary as read just now, and the state it carries when that verifies. */
export interface SummaryNow {
  comment: ExistingComment
  state?: RunState
}

/**
 * Our summary as it is now, read again just before publishing: a comment
 * run (a dismissal, a pause) may have written it while this run reviewed.
 * Undefined when there is no summary of ours.
 */
export async function currentState(
  writer: PullRequestWriter,
  summary: ExistingComment | undefined,
  seal: StateSeal
): Promise<SummaryNow | undefined> {
  if (!summary) return undefined
  const now = await writer.getIssueComment(summary.id)
  if (!now || now.author !== summary.author) return undefined
  const opened = openSummaryState(now, seal)
  return { comment: now, state: opened.ok ? opened.state : undefined }
}

/**
 * Whether our summary was edited after it was `read`: its `updated_at`,
 * and its body (GitHub's times are to the second; two edits may share one).
 */
export async function editedSince(
  writer: PullRequestWriter,
  read: ExistingComment
): Promise<boolean> {
  const now = await writer.getIssueComment(read.id)
  return !now || now.updatedAt !== read.updatedAt || now.body !== read.body
}
