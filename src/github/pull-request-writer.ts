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
  /** A submitted COMMENT review, or a PENDING one (used to test comments without publishing). */
  createReview(review: {
    commitId: string
    body?: string
    comments: ReviewComment[]
    pending?: boolean
  }): Promise<number>
  deletePendingReview(reviewId: number): Promise<void>
  createIssueComment(body: string): Promise<number>
  updateIssueComment(commentId: number, body: string): Promise<void>
  minimizeComment(nodeId: string): Promise<void>
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
    async createReview({ commitId, body, comments, pending }) {
      const { data } = await octokit.rest.pulls.createReview({
        owner,
        repo,
        pull_number: number,
        commit_id: commitId,
        ...(body !== undefined ? { body } : {}),
        // Never APPROVE or REQUEST_CHANGES: this action only comments.
        ...(pending ? {} : { event: 'COMMENT' as const }),
        comments
      })
      return data.id
    },
    async deletePendingReview(reviewId) {
      await octokit.rest.pulls.deletePendingReview({
        owner,
        repo,
        pull_number: number,
        review_id: reviewId
      })
    },
    async createIssueComment(body) {
      return (
        await octokit.rest.issues.createComment({
          owner,
          repo,
          issue_number: number,
          body
        })
      ).data.id
    },
    async updateIssueComment(commentId, body) {
      await octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: commentId,
        body
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
