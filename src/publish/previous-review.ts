import type {
  ExistingComment,
  PullRequestWriter
} from '../github/pull-request-writer.js'
import { fingerprintsIn, readState, SUMMARY_MARKER } from './markers.js'
import type { ReviewState } from './markers.js'

/** What this action left on the PR in earlier runs. */
export interface PreviousReview {
  /** Our summary comment, if there is one. */
  summary?: ExistingComment
  state?: ReviewState
  /** Our inline comments by the fingerprint they carry. */
  comments: Map<string, ExistingComment>
}

/**
 * Finds our summary and inline comments. A comment counts as ours only when
 * a bot or the token's own user wrote it: a marker pasted by anyone else is
 * ignored, so nobody can make the action edit their comment or skip a finding.
 */
export async function readPreviousReview(
  writer: PullRequestWriter
): Promise<PreviousReview> {
  const [me, issueComments, reviewComments] = await Promise.all([
    writer.whoAmI(),
    writer.listIssueComments(),
    writer.listReviewComments()
  ])
  const ours = (c: ExistingComment): boolean =>
    c.authorIsBot || (me !== undefined && c.author === me)
  const summary = issueComments.find(
    (c) => ours(c) && c.body.includes(SUMMARY_MARKER)
  )
  const comments = new Map<string, ExistingComment>()
  for (const comment of reviewComments.filter(ours)) {
    for (const fp of fingerprintsIn(comment.body))
      if (!comments.has(fp)) comments.set(fp, comment)
  }
  return {
    summary,
    state: summary ? readState(summary.body) : undefined,
    comments
  }
}
