import { openState } from '../findings/run-state.js'
import type { RunState, StateSeal } from '../findings/run-state.js'
import type {
  ExistingComment,
  PullRequestWriter
} from '../github/pull-request-writer.js'
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
  const verified = (c: ExistingComment): RunState | undefined => {
    const sealed = seal && sealedStateIn(c.body)
    if (!seal || !sealed) return undefined
    const opened = openState(sealed, seal)
    return opened.ok ? opened.state : undefined
  }
  const summaries = issueComments
    .filter((c) => isSummaryBody(c.body))
    .filter(
      (c) =>
        c.author === self ||
        (me === undefined && c.authorIsBot && verified(c) !== undefined)
    )
    .sort((a, b) => a.id - b.id)
  const [summary, ...extraSummaries] = summaries
  const author = summary?.author ?? self
  const comments = new Map<string, ExistingComment>()
  for (const comment of reviewComments) {
    if (comment.author !== author) continue
    const fp = fingerprintOf(comment.body)
    if (fp && !comments.has(fp)) comments.set(fp, comment)
  }
  const state = summary ? verified(summary) : undefined
  return {
    summary,
    extraSummaries,
    state,
    stateNote: stateNote(summary, state, seal),
    comments
  }
}

function stateNote(
  summary: ExistingComment | undefined,
  state: RunState | undefined,
  seal: StateSeal | undefined
): string {
  if (!summary) return 'No earlier review of ours on this pull request.'
  if (state)
    return `Summary comment ${summary.id}: verified state of ${state.head.slice(0, 12)}.`
  if (!seal)
    return `Summary comment ${summary.id}: its state is not trusted without a secret to verify it (anthropic-api-key or state-secret); reviewing everything.`
  const sealed = sealedStateIn(summary.body)
  const why = sealed
    ? openState(sealed, seal).ok === false
      ? (openState(sealed, seal) as { why: string }).why
      : 'unreadable'
    : 'it holds no state'
  return `Summary comment ${summary.id}: state not used (${why}); reviewing everything.`
}
