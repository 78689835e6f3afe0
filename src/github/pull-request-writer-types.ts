/** What publishing and PR comments need of GitHub: one pull request's reviews, comments, reactions and threads. */

/** A comment already on the PR. */
export interface ExistingComment {
  id: number
  nodeId: string
  body: string
  author: string
  authorIsBot: boolean
  /** Review comments: the thread's top-level comment this one replies to. */
  inReplyTo?: number
  /** Review comments: the file and head line the thread is on. */
  path?: string
  line?: number
  createdAt?: string
  /** Issue comments: when it was last edited (GitHub: to the second). */
  updatedAt?: string
}

/** The reactions this action leaves on a comment that asked it for something. */
export type Reaction = 'eyes' | 'rocket' | 'confused'

/** Which kind of comment: a PR conversation comment or an inline review comment. */
export type CommentKind = 'issue' | 'review'

/** How a thread of ours was closed. */
export type ThreadClosing = 'resolved' | 'minimized'

/** One inline comment of a review: head-side lines only. */
export interface ReviewComment {
  path: string
  line: number
  side: 'RIGHT'
  start_line?: number
  start_side?: 'RIGHT'
  body: string
}

/** What publishing needs from GitHub. Tests hand in the REST one pointed at a local server. */
export interface PullRequestWriter {
  /** The token's own login; undefined when the token cannot say (GITHUB_TOKEN). */
  whoAmI(): Promise<string | undefined>
  listIssueComments(): Promise<ExistingComment[]>
  /** One conversation comment as it is now; undefined when it is gone. */
  getIssueComment(commentId: number): Promise<ExistingComment | undefined>
  listReviewComments(): Promise<ExistingComment[]>
  /**
   * Files changed from `base` to `head` when `head` descends from `base`;
   * undefined when it does not (a force-push back or sideways) or GitHub
   * cannot compare them: then every pass is due again.
   */
  changedFilesBetween(base: string, head: string): Promise<string[] | undefined>
  /**
   * A submitted COMMENT review, or a PENDING one (used to test comments
   * without publishing). With `marker` (a one-time token in the body), a
   * create whose answer was lost is looked up before it is sent again.
   */
  createReview(review: {
    commitId: string
    body?: string
    comments: ReviewComment[]
    pending?: boolean
    marker?: string
  }): Promise<number>
  deletePendingReview(reviewId: number): Promise<void>
  /** Creates a comment; `marker` as for createReview. */
  createIssueComment(body: string, marker?: string): Promise<number>
  updateIssueComment(commentId: number, body: string): Promise<void>
  deleteIssueComment(commentId: number): Promise<void>
  /** Collapses a comment: OUTDATED for a resolved finding, RESOLVED for a dismissed one. */
  minimizeComment(
    nodeId: string,
    classifier?: 'OUTDATED' | 'RESOLVED'
  ): Promise<void>
}

/** What answering comments needs from GitHub, beyond publishing. */
export interface ConversationWriter extends PullRequestWriter {
  /** The user's permission on the repository (collaborator-permission API): admin, maintain, write, triage, read or none. */
  permissionOf(login: string): Promise<string>
  react(kind: CommentKind, commentId: number, content: Reaction): Promise<void>
  getReviewComment(commentId: number): Promise<ExistingComment | undefined>
  /** A reply in the thread of the top-level review comment `topLevelId`; `marker` as for createReview. */
  replyInThread(
    topLevelId: number,
    body: string,
    marker: string
  ): Promise<number>
  /**
   * Closes the thread that starts with the review comment `topLevelId`:
   * resolves it (GraphQL resolveReviewThread, which needs `contents:
   * write`), else minimizes the comment as resolved.
   */
  closeThread(topLevelId: number, nodeId: string): Promise<ThreadClosing>
}
