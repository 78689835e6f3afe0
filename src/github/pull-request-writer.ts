import type { GitHubClient } from './octokit.js'
import type {
  CommentKind,
  ConversationWriter,
  ExistingComment,
  PullRequestWriter,
  Reaction,
  ThreadClosing
} from './pull-request-writer-types.js'
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

/** The answer of a read, or undefined when GitHub says 404 (gone, or never there). */
async function unlessGone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read()
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined
    throw error
  }
}

/** Compare lists at most 300 files; beyond that an incremental run reviews everything. */
const COMPARE_FILE_LIMIT = 300

/** The REST (and GraphQL where REST has no route) implementation. */
export function createPullRequestWriter(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  number: number
): ConversationWriter {
  return new RestPullRequestWriter(octokit, owner, repo, number)
}

function toComment(c: {
  id: number
  node_id: string
  body?: string | null
  user?: { login?: string; type?: string } | null
  in_reply_to_id?: number
  path?: string
  line?: number | null
  created_at?: string
  updated_at?: string
}): ExistingComment {
  return {
    id: c.id,
    nodeId: c.node_id,
    body: c.body ?? '',
    author: c.user?.login ?? '',
    authorIsBot: c.user?.type === 'Bot',
    ...(c.in_reply_to_id !== undefined ? { inReplyTo: c.in_reply_to_id } : {}),
    ...(c.path !== undefined ? { path: c.path } : {}),
    ...(typeof c.line === 'number' ? { line: c.line } : {}),
    ...(c.created_at !== undefined ? { createdAt: c.created_at } : {}),
    ...(c.updated_at !== undefined ? { updatedAt: c.updated_at } : {})
  }
}

/** Review threads of a PR, a page at a time, with the database id of each thread's first comment. */
const REVIEW_THREADS_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { databaseId } } }
      }
    }
  }
}`

interface ReviewThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null }
        nodes: Array<{
          id: string
          isResolved: boolean
          comments: { nodes: Array<{ databaseId: number | null }> }
        }>
      }
    } | null
  } | null
}

class RestPullRequestWriter implements ConversationWriter {
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
    } catch (error) {
      // An app's token (GITHUB_TOKEN) answers 403 or 404 here: our comments
      // are then found as the bot's. Anything else (GitHub down after the
      // retries) fails the run: a wrong guess would hide our own summary.
      if (hasStatus(error, 403, 404)) return undefined
      throw error
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
    let data
    try {
      ;({ data } = await this.octokit.rest.repos.compareCommitsWithBasehead({
        owner: this.owner,
        repo: this.repo,
        basehead: `${base}...${head}`,
        per_page: 100
      }))
    } catch (error) {
      // A commit GitHub no longer has (a force-push) or cannot compare: unknown.
      if (hasStatus(error, 404, 422)) return undefined
      throw error
    }
    // `base...head` lists what head adds since their merge base: only when
    // head descends from base is that everything that differs. Behind or
    // diverged (a force-push back to an older commit), it is not: unknown.
    if (data.status !== 'ahead' && data.status !== 'identical') return undefined
    const files = data.files ?? []
    if (files.length >= COMPARE_FILE_LIMIT) return undefined
    return files.flatMap((f) =>
      f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]
    )
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

  async getIssueComment(
    commentId: number
  ): Promise<ExistingComment | undefined> {
    const found = await unlessGone(() =>
      this.octokit.rest.issues.getComment({
        owner: this.owner,
        repo: this.repo,
        comment_id: commentId
      })
    )
    return found && toComment(found.data)
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

  async minimizeComment(
    nodeId: string,
    classifier: 'OUTDATED' | 'RESOLVED' = 'OUTDATED'
  ): Promise<void> {
    await this.octokit.graphql(
      'mutation($id: ID!, $classifier: ReportedContentClassifiers!) { minimizeComment(input: { subjectId: $id, classifier: $classifier }) { minimizedComment { isMinimized } } }',
      { id: nodeId, classifier }
    )
  }

  async permissionOf(login: string): Promise<string> {
    // 404: not a collaborator (or not a user at all).
    const found = await unlessGone(() =>
      this.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: this.owner,
        repo: this.repo,
        username: login
      })
    )
    if (!found) return 'none'
    // `permission` folds maintain into write; role_name keeps it.
    return found.data.role_name === 'maintain'
      ? 'maintain'
      : found.data.permission
  }

  async react(
    kind: CommentKind,
    commentId: number,
    content: Reaction
  ): Promise<void> {
    const target = { owner: this.owner, repo: this.repo, comment_id: commentId }
    // Reactions are idempotent on GitHub: the same one again answers 200, not a second reaction.
    if (kind === 'issue')
      await this.octokit.rest.reactions.createForIssueComment({
        ...target,
        content
      })
    else
      await this.octokit.rest.reactions.createForPullRequestReviewComment({
        ...target,
        content
      })
  }

  async getReviewComment(
    commentId: number
  ): Promise<ExistingComment | undefined> {
    const found = await unlessGone(() =>
      this.octokit.rest.pulls.getReviewComment({
        owner: this.owner,
        repo: this.repo,
        comment_id: commentId
      })
    )
    return found && toComment(found.data)
  }

  async replyInThread(
    topLevelId: number,
    body: string,
    marker: string
  ): Promise<number> {
    const create = async (): Promise<number> =>
      (
        await this.octokit.rest.pulls.createReplyForReviewComment({
          ...this.pull,
          comment_id: topLevelId,
          body,
          ...NO_BLIND_RETRY
        })
      ).data.id
    const find = async (): Promise<number | undefined> =>
      (await this.listReviewComments()).find((c) => c.body.includes(marker))?.id
    return createOnce(create, find)
  }

  async closeThread(
    topLevelId: number,
    nodeId: string
  ): Promise<ThreadClosing> {
    try {
      const threadId = await this.threadOf(topLevelId)
      if (threadId) {
        await this.octokit.graphql(
          'mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { isResolved } } }',
          { id: threadId }
        )
        return 'resolved'
      }
    } catch (error) {
      // FORBIDDEN without `contents: write`: minimizing needs only
      // `pull-requests: write`. Any other failure is the caller's to report.
      if (!isForbidden(error)) throw error
    }
    await this.minimizeComment(nodeId, 'RESOLVED')
    return 'minimized'
  }

  /** The node id of the review thread whose first comment is `commentId`. */
  private async threadOf(commentId: number): Promise<string | undefined> {
    let after: string | null = null
    for (;;) {
      const page: ReviewThreadsPage = await this.octokit.graphql(
        REVIEW_THREADS_QUERY,
        {
          owner: this.owner,
          repo: this.repo,
          number: this.pull.pull_number,
          after
        }
      )
      const threads = page.repository?.pullRequest?.reviewThreads
      if (!threads) return undefined
      const found = threads.nodes.find(
        (t) => t.comments.nodes[0]?.databaseId === commentId
      )
      if (found) return found.id
      if (!threads.pageInfo.hasNextPage) return undefined
      after = threads.pageInfo.endCursor
    }
  }
}

/** Whether `error` is an HTTP error with one of these statuses. */
function hasStatus(error: unknown, ...statuses: number[]): boolean {
  const status = (error as { status?: unknown }).status
  return typeof status === 'number' && statuses.includes(status)
}

/** A GraphQL answer that refuses the token (FORBIDDEN), as resolveReviewThread does without `contents: write`. */
function isForbidden(error: unknown): boolean {
  const errors = (error as { errors?: Array<{ type?: string }> }).errors
  return Array.isArray(errors) && errors.some((e) => e.type === 'FORBIDDEN')
}
