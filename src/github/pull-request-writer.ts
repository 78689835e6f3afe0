import type { GitHubClient } from './octokit.js'

/** A comment already on the PR. */
export interface ExistingComment {
  id: number
  nodeId: string
  body: string
  author: string
  authorIsBot: boolean
}

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
  listReviewComments(): Promise<ExistingComment[]>
  /** Files changed between two commits; undefined when GitHub cannot compare them (force-push). */
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
  minimizeComment(nodeId: string): Promise<void>
}

/** Attempts at a create whose answer is lost (5xx, network), each after a look for the first. */
const CREATE_ATTEMPTS = 3

/** Per-request: the retry plugin must not resend a create blindly. */
const NO_BLIND_RETRY = { request: { retries: 0 } }

/** A failure after which the create may have happened: a 5xx or no answer at all. */
function answerLost(error: unknown): boolean {
  const status = (error as { status?: number }).status
  return status === undefined || status >= 500
}

/**
 * Creates something at most once: when the answer is lost, looks for what
 * the marker names before trying again.
 */
async function createOnce(
  create: () => Promise<number>,
  find: (() => Promise<number | undefined>) | undefined
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create()
    } catch (error) {
      if (!find || !answerLost(error) || attempt >= CREATE_ATTEMPTS) throw error
      const existing = await find()
      if (existing !== undefined) return existing
    }
  }
}

/** Compare lists at most 300 files; beyond that an incremental run reviews everything. */
const COMPARE_FILE_LIMIT = 300

/** The REST (and one GraphQL) implementation. */
export function createPullRequestWriter(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  number: number
): PullRequestWriter {
  const toComment = (c: {
    id: number
    node_id: string
    body?: string | null
    user?: { login?: string; type?: string } | null
  }): ExistingComment => ({
    id: c.id,
    nodeId: c.node_id,
    body: c.body ?? '',
    author: c.user?.login ?? '',
    authorIsBot: c.user?.type === 'Bot'
  })
  return {
    async whoAmI() {
      try {
        return (await octokit.rest.users.getAuthenticated()).data.login
      } catch {
        // GITHUB_TOKEN answers 403 here; our comments are then found as the bot's.
        return undefined
      }
    },
    async listIssueComments() {
      const comments = await octokit.paginate(
        octokit.rest.issues.listComments,
        { owner, repo, issue_number: number, per_page: 100 }
      )
      return comments.map(toComment)
    },
    async listReviewComments() {
      const comments = await octokit.paginate(
        octokit.rest.pulls.listReviewComments,
        { owner, repo, pull_number: number, per_page: 100 }
      )
      return comments.map(toComment)
    },
    async changedFilesBetween(base, head) {
      try {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
          owner,
          repo,
          basehead: `${base}...${head}`,
          per_page: 100
        })
        const files = data.files ?? []
        if (files.length >= COMPARE_FILE_LIMIT) return undefined
        return files.flatMap((f) =>
          f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]
        )
      } catch {
        return undefined
      }
    },
    async createReview({ commitId, body, comments, pending, marker }) {
      const create = async (): Promise<number> =>
        (
          await octokit.rest.pulls.createReview({
            owner,
            repo,
            pull_number: number,
            commit_id: commitId,
            ...(body !== undefined ? { body } : {}),
            // Never APPROVE or REQUEST_CHANGES: this action only comments.
            ...(pending ? {} : { event: 'COMMENT' as const }),
            comments,
            ...NO_BLIND_RETRY
          })
        ).data.id
      const find = async (): Promise<number | undefined> => {
        const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
          owner,
          repo,
          pull_number: number,
          per_page: 100
        })
        return reviews.find((r) => marker && (r.body ?? '').includes(marker))
          ?.id
      }
      return createOnce(create, marker ? find : undefined)
    },
    async deletePendingReview(reviewId) {
      await octokit.rest.pulls.deletePendingReview({
        owner,
        repo,
        pull_number: number,
        review_id: reviewId
      })
    },
    async createIssueComment(body, marker) {
      const create = async (): Promise<number> =>
        (
          await octokit.rest.issues.createComment({
            owner,
            repo,
            issue_number: number,
            body,
            ...NO_BLIND_RETRY
          })
        ).data.id
      const find = async (): Promise<number | undefined> => {
        const listed = await octokit.paginate(
          octokit.rest.issues.listComments,
          {
            owner,
            repo,
            issue_number: number,
            per_page: 100
          }
        )
        return listed.find((c) => marker && (c.body ?? '').includes(marker))?.id
      }
      return createOnce(create, marker ? find : undefined)
    },
    async updateIssueComment(commentId, body) {
      await octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: commentId,
        body
      })
    },
    async deleteIssueComment(commentId) {
      await octokit.rest.issues.deleteComment({
        owner,
        repo,
        comment_id: commentId
      })
    },
    async minimizeComment(nodeId) {
      await octokit.graphql(
        'mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }',
        { id: nodeId }
      )
    }
  }
}
