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
  return new RestPullRequestWriter(octokit, owner, repo, number)
}

function toComment(c: {
  id: number
  node_id: string
  body?: string | null
  user?: { login?: string; type?: string } | null
}): ExistingComment {
  return {
    id: c.id,
    nodeId: c.node_id,
    body: c.body ?? '',
    author: c.user?.login ?? '',
    authorIsBot: c.user?.type === 'Bot'
  }
}

class RestPullRequestWriter implements PullRequestWriter {
  private readonly issue: { owner: string; repo: string; issue_number: number }
  private readonly pull: { owner: string; repo: string; pull_number: number }

  constructor(
    private readonly octokit: GitHubClient,
    private readonly owner: string,
    private readonly repo: string,
    number: number
  ) {
    this.issue = { owner, repo, issue_number: number }
    this.pull = { owner, repo, pull_number: number }
  }

  async whoAmI(): Promise<string | undefined> {
    try {
      return (await this.octokit.rest.users.getAuthenticated()).data.login
    } catch {
      // GITHUB_TOKEN answers 403 here; our comments are then found as the bot's.
      return undefined
    }
  }

  async listIssueComments(): Promise<ExistingComment[]> {
    const comments = await this.octokit.paginate(
      this.octokit.rest.issues.listComments,
      { ...this.issue, per_page: 100 }
    )
    return comments.map(toComment)
  }

  async listReviewComments(): Promise<ExistingComment[]> {
    const comments = await this.octokit.paginate(
      this.octokit.rest.pulls.listReviewComments,
      { ...this.pull, per_page: 100 }
    )
    return comments.map(toComment)
  }

  async changedFilesBetween(
    base: string,
    head: string
  ): Promise<string[] | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.compareCommitsWithBasehead(
        {
          owner: this.owner,
          repo: this.repo,
          basehead: `${base}...${head}`,
          per_page: 100
        }
      )
      const files = data.files ?? []
      if (files.length >= COMPARE_FILE_LIMIT) return undefined
      return files.flatMap((f) =>
        f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]
      )
    } catch {
      return undefined
    }
  }

  async createReview(
    review: Parameters<PullRequestWriter['createReview']>[0]
  ): Promise<number> {
    const { commitId, body, comments, pending, marker } = review
    const create = async (): Promise<number> =>
      (
        await this.octokit.rest.pulls.createReview({
          ...this.pull,
          commit_id: commitId,
          ...(body !== undefined ? { body } : {}),
          // Never APPROVE or REQUEST_CHANGES: this action only comments.
          ...(pending ? {} : { event: 'COMMENT' as const }),
          comments,
          ...NO_BLIND_RETRY
        })
      ).data.id
    const find = async (): Promise<number | undefined> => {
      const reviews = await this.octokit.paginate(
        this.octokit.rest.pulls.listReviews,
        { ...this.pull, per_page: 100 }
      )
      return reviews.find((r) => (r.body ?? '').includes(marker!))?.id
    }
    return createOnce(create, marker ? find : undefined)
  }

  async deletePendingReview(reviewId: number): Promise<void> {
    await this.octokit.rest.pulls.deletePendingReview({
      ...this.pull,
      review_id: reviewId
    })
  }

  async createIssueComment(body: string, marker?: string): Promise<number> {
    const create = async (): Promise<number> =>
      (
        await this.octokit.rest.issues.createComment({
          ...this.issue,
          body,
          ...NO_BLIND_RETRY
        })
      ).data.id
    const find = async (): Promise<number | undefined> =>
      (await this.listIssueComments()).find((c) => c.body.includes(marker!))?.id
    return createOnce(create, marker ? find : undefined)
  }

  async updateIssueComment(commentId: number, body: string): Promise<void> {
    await this.octokit.rest.issues.updateComment({
      owner: this.owner,
      repo: this.repo,
      comment_id: commentId,
      body
    })
  }

  async deleteIssueComment(commentId: number): Promise<void> {
    await this.octokit.rest.issues.deleteComment({
      owner: this.owner,
      repo: this.repo,
      comment_id: commentId
    })
  }

  async minimizeComment(nodeId: string): Promise<void> {
    await this.octokit.graphql(
      'mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }',
      { id: nodeId }
    )
  }
}
