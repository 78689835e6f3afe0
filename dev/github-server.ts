/**
 * A local stand-in for GitHub's REST API on 127.0.0.1. It keeps pull
 * requests with their files, reviews, review comments and issue comments
 * (and who wrote them), pages lists the way GitHub does (per_page up to
 * 100, Link headers, 3,000 files at most), and reproduces the answers that
 * matter to us: the 422 for a comment outside the diff, 403 "Resource not
 * accessible by integration" for read-only tokens and for GET /user with
 * an installation token. A request to a route it does not know is answered
 * 404 and recorded as unexpected, so the test that sent it can fail.
 */
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { posix } from 'node:path'
import { checkRequest, responseSchema, shapeResponse } from './openapi.js'

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  authorization?: string
  body?: unknown
  /** When it arrived (Date.now()). */
  at: number
}

export interface FakePullRequest {
  /** REST `pulls/get` body. */
  data: Record<string, unknown> & { number: number }
  /** REST DiffEntry objects. */
  files: Array<Record<string, unknown>>
}

/** Who a token is. */
export interface TokenIdentity {
  login: string
  type: 'Bot' | 'User'
  /** Writes answer 403 (a fork PR's GITHUB_TOKEN, `permissions: read-all`). */
  readOnly?: boolean
}

interface Author {
  login: string
  id: number
  type: 'Bot' | 'User'
}

export interface StoredReview {
  id: number
  node_id: string
  user: Author
  body: string
  state: 'COMMENTED' | 'PENDING' | 'APPROVED' | 'CHANGES_REQUESTED'
  commit_id: string
  comments: StoredComment[]
}

export interface StoredComment {
  id: number
  node_id: string
  body: string
  user: Author
  path?: string
  line?: number
  side?: string
  start_line?: number | null
  start_side?: string | null
  commit_id?: string
  pull_request_review_id?: number
  in_reply_to_id?: number
  created_at?: string
  /** Issue comments: GitHub's second-precision time of the last edit. */
  updated_at?: string
  minimized?: boolean
  /** How it was minimized (minimizeComment's classifier). */
  minimizedAs?: string
}

/** A reaction left on a comment. */
export interface StoredReaction {
  kind: 'issue' | 'review'
  commentId: number
  content: string
  user: string
}

interface PullState {
  pr: FakePullRequest
  reviews: StoredReview[]
  issueComments: StoredComment[]
  /** Review comments made outside a review we stored: people's replies and comments, our thread replies. */
  threadComments: StoredComment[]
  /** Top-level review comment ids whose thread is resolved. */
  resolvedThreads: Set<number>
}

/** Answers whose requests were carried out but whose answers are "lost". */
const lostAnswers = new WeakSet<ServerResponse>()

const BOT: TokenIdentity = { login: 'github-actions[bot]', type: 'Bot' }
const DOCS = 'https://docs.github.com/rest'

export class LocalGitHub {
  readonly requests: RecordedRequest[] = []
  readonly unexpected: RecordedRequest[] = []
  /** Requests or answers that GitHub's OpenAPI description rejects. */
  readonly violations: string[] = []
  /** The request being answered, so answers can be checked against its operation. */
  private current?: RecordedRequest
  /** Tokens by value; any other token acts as the job's GITHUB_TOKEN (github-actions[bot]). */
  readonly tokens = new Map<string, TokenIdentity>()
  /** Lines GitHub will not resolve although they look commentable (to exercise the 422 path). */
  /** Answers a request with a fault instead (a status, a body, headers); undefined lets it through. */
  fault: (
    request: RecordedRequest
  ) =>
    | { status: number; body: unknown; headers?: Record<string, string> }
    | undefined = () => undefined
  rejectComment: (comment: { path: string; line: number }) => boolean = () =>
    false
  /**
   * Carries the request out, then answers 502 as a proxy does when GitHub's
   * answer is lost on the way: the write happened, the client cannot know.
   */
  loseAnswer: (request: RecordedRequest) => boolean = () => false
  private readonly pulls = new Map<string, PullState>()
  /** Repository permission by login (collaborator-permission API); others are 'read'. */
  readonly permissions = new Map<string, string>()
  /** Reactions left on comments, in order. */
  readonly reactions: StoredReaction[] = []
  /** The token may resolve review threads (`contents: write`); otherwise resolveReviewThread answers FORBIDDEN. */
  canResolveThreads = true
  /** Repository contents by `owner/repo@ref:path`: file text, or a symlink target. */
  private readonly contents = new Map<
    string,
    { text?: string; symlink?: string }
  >()
  private readonly comparisons = new Map<
    string,
    { files: string[]; status: 'ahead' | 'behind' | 'identical' | 'diverged' }
  >()
  /** Blob contents by the sha the tree listing gave them. */
  private readonly blobs = new Map<string, string>()
  private nextId = 1000
  private server?: Server

  /** Serves `pr` under owner/repo. */
  addPullRequest(owner: string, repo: string, pr: FakePullRequest): void {
    this.pulls.set(`${owner}/${repo}#${pr.data.number}`, {
      pr,
      reviews: [],
      issueComments: [],
      threadComments: [],
      resolvedThreads: new Set()
    })
  }

  /** Replaces a served pull request's data and files (a new push). */
  updatePullRequest(owner: string, repo: string, pr: FakePullRequest): void {
    this.pull(owner, repo, pr.data.number).pr = pr
  }

  /** The stored state of a pull request, for assertions. */
  pull(owner: string, repo: string, number: number): PullState {
    const state = this.pulls.get(`${owner}/${repo}#${number}`)
    if (!state) throw new Error(`no pull request ${owner}/${repo}#${number}`)
    return state
  }

  /** An issue comment written by someone (a human, another bot). */
  addIssueComment(
    owner: string,
    repo: string,
    number: number,
    body: string,
    author: TokenIdentity
  ): StoredComment {
    const comment = {
      id: this.nextId++,
      node_id: `IC_${this.nextId}`,
      body,
      user: this.author(author),
      created_at: githubTime(),
      updated_at: githubTime()
    }
    this.pull(owner, repo, number).issueComments.push(comment)
    return comment
  }

  /** An edit of an issue comment made elsewhere (another run, a person): its body and updated_at change. */
  editIssueComment(comment: StoredComment, body: string): void {
    comment.body = body
    comment.updated_at = githubTime()
  }

  /** A review comment written by someone: a reply in a thread (`inReplyTo`) or a new one on a line. */
  addReviewComment(
    owner: string,
    repo: string,
    number: number,
    comment: { body: string; path: string; line: number; inReplyTo?: number },
    author: TokenIdentity
  ): StoredComment {
    const stored: StoredComment = {
      id: this.nextId++,
      node_id: `PRRC_${this.nextId}`,
      body: comment.body,
      user: this.author(author),
      path: comment.path,
      line: comment.line,
      side: 'RIGHT',
      ...(comment.inReplyTo !== undefined
        ? { in_reply_to_id: comment.inReplyTo }
        : {}),
      created_at: new Date().toISOString()
    }
    this.pull(owner, repo, number).threadComments.push(stored)
    return stored
  }

  /** Every review comment of a submitted review or a thread, oldest first. */
  reviewComments(owner: string, repo: string, number: number): StoredComment[] {
    return this.listedReviewComments(this.pull(owner, repo, number))
  }

  private listedReviewComments(state: PullState): StoredComment[] {
    return [
      ...state.reviews
        .filter((r) => r.state !== 'PENDING')
        .flatMap((r) => r.comments),
      ...state.threadComments
    ].sort((a, b) => a.id - b.id)
  }

  private findReviewComment(
    owner: string,
    repo: string,
    id: number
  ): { state: PullState; comment: StoredComment } | undefined {
    for (const [key, state] of this.pulls) {
      if (!key.startsWith(`${owner}/${repo}#`)) continue
      const comment = this.listedReviewComments(state).find((c) => c.id === id)
      if (comment) return { state, comment }
    }
    return undefined
  }

  /** Serves `files` through the contents API at `ref`. */
  addContents(
    owner: string,
    repo: string,
    ref: string,
    files: Record<string, string | { symlink: string }>
  ): void {
    for (const [path, value] of Object.entries(files)) {
      this.contents.set(
        `${owner}/${repo}@${ref}:${path}`,
        typeof value === 'string' ? { text: value } : value
      )
    }
  }

  /** What `GET /compare/{base}...{head}` answers: head's status against base, and the files it changed since their merge base. */
  setComparison(
    owner: string,
    repo: string,
    base: string,
    head: string,
    files: string[],
    status: 'ahead' | 'behind' | 'identical' | 'diverged' = 'ahead'
  ): void {
    this.comparisons.set(`${owner}/${repo}:${base}...${head}`, {
      files,
      status
    })
  }

  /** The distinct violations recorded since the last call, which clears them. */
  takeViolations(): string[] {
    const taken = [...new Set(this.violations)]
    this.violations.length = 0
    return taken
  }

  /** Requests that changed state. */
  get writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET')
  }

  /** Listens on 127.0.0.1 (`port` 0: any free port); its URL. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) =>
      this.server!.listen(port, '127.0.0.1', resolve)
    )
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve()
    )
  }

  private author(identity: TokenIdentity): Author {
    return {
      login: identity.login,
      id: identity.login.length * 7919,
      type: identity.type
    }
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse
  ): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const url = new URL(
      req.url ?? '/',
      `http://${req.headers.host ?? '127.0.0.1'}`
    )
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
      at: Date.now()
    }
    this.requests.push(request)
    this.current = request
    this.violations.push(
      ...checkRequest(request.method, request.path, request.query, request.body)
    )
    const injected = this.fault(request)
    if (injected)
      return this.json(res, injected.status, injected.body, injected.headers)
    if (this.loseAnswer(request)) lostAnswers.add(res)
    const token = (req.headers.authorization ?? '').replace(
      /^(token|Bearer) /,
      ''
    )
    const identity = this.tokens.get(token) ?? BOT
    if (request.method !== 'GET' && identity.readOnly) {
      return this.json(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: DOCS,
        status: '403'
      })
    }
    const route = (method: string, pattern: RegExp): RegExpExecArray | null =>
      request.method === method ? pattern.exec(url.pathname) : null
    const body = (request.body ?? {}) as Record<string, unknown>
    let m: RegExpExecArray | null

    if ((m = route('GET', /^\/user$/))) {
      if (identity.type === 'Bot')
        return this.json(res, 403, {
          message: 'Resource not accessible by integration',
          documentation_url: `${DOCS}/users/users#get-the-authenticated-user`,
          status: '403'
        })
      return this.json(res, 200, { login: identity.login, id: 1, type: 'User' })
    }
    if ((m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/))) {
      const state = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`)
      if (!state) return this.notFound(res)
      return this.json(res, 200, state.pr.data)
    }
    if (
      (m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/files$/))
    ) {
      const state = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`)
      if (!state) return this.notFound(res)
      return this.page(res, url, state.pr.files.slice(0, 3000))
    }
    if (
      (m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/comments$/))
    ) {
      const state = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`)
      if (!state) return this.notFound(res)
      return this.page(res, url, this.listedReviewComments(state))
    }
    if (
      (m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/comments\/(\d+)$/))
    ) {
      const found = this.findReviewComment(m[1], m[2], Number(m[3]))
      if (!found) return this.notFound(res)
      return this.json(res, 200, found.comment)
    }
    if (
      (m = route(
        'POST',
        /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/comments\/(\d+)\/replies$/
      ))
    ) {
      const state = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`)
      const top =
        state &&
        this.listedReviewComments(state).find((c) => c.id === Number(m![4]))
      if (!state || !top) return this.notFound(res)
      if (top.in_reply_to_id !== undefined)
        return this.invalid(res, 'Replies to replies are not supported')
      if (typeof body.body !== 'string')
        return this.invalid(res, 'body is missing')
      if (body.body.length > 65_536) return this.tooLong(res)
      const reply = this.addReviewComment(
        m[1],
        m[2],
        Number(m[3]),
        {
          body: body.body,
          path: top.path!,
          line: top.line!,
          inReplyTo: top.id
        },
        identity
      )
      reply.commit_id = top.commit_id
      return this.json(res, 201, reply)
    }
    if (
      (m = route(
        'GET',
        /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/
      ))
    ) {
      const login = decodeURIComponent(m[3])
      const permission = this.permissions.get(login) ?? 'read'
      return this.json(res, 200, {
        // The REST field folds maintain into write and triage into read.
        permission:
          permission === 'maintain'
            ? 'write'
            : permission === 'triage'
              ? 'read'
              : permission,
        role_name: permission,
        user: { ...this.author({ login, type: 'User' }), permissions: {} }
      })
    }
    if (
      (m = route(
        'POST',
        /^\/repos\/([^/]+)\/([^/]+)\/(issues|pulls)\/comments\/(\d+)\/reactions$/
      ))
    ) {
      const kind = m[3] === 'issues' ? 'issue' : 'review'
      const id = Number(m[4])
      const exists =
        kind === 'issue'
          ? [...this.pulls.values()].some((p) =>
              p.issueComments.some((c) => c.id === id)
            )
          : this.findReviewComment(m[1], m[2], id) !== undefined
      if (!exists) return this.notFound(res)
      const content = String(body.content)
      const again = this.reactions.find(
        (r) =>
          r.kind === kind &&
          r.commentId === id &&
          r.content === content &&
          r.user === identity.login
      )
      if (!again)
        this.reactions.push({
          kind,
          commentId: id,
          content,
          user: identity.login
        })
      return this.json(res, again ? 200 : 201, {
        id: this.nextId++,
        node_id: `REA_${this.nextId}`,
        user: this.author(identity),
        content,
        created_at: new Date().toISOString()
      })
    }
    if (
      (m = route('POST', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/))
    ) {
      const state = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`)
      if (!state) return this.notFound(res)
      return this.createReview(res, state, body, identity)
    }
    if (
      (m = route(
        'DELETE',
        /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews\/(\d+)$/
      ))
    ) {
      const state = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`)
      const review = state?.reviews.find((r) => r.id === Number(m![4]))
      if (!state || !review) return this.notFound(res)
      if (review.state !== 'PENDING')
        return this.json(res, 422, {
          message: 'Unprocessable Entity',
          errors: ['Can not delete a non-pending pull request review'],
          status: '422'
        })
      state.reviews.splice(state.reviews.indexOf(review), 1)
      return this.json(res, 200, { id: review.id, state: 'PENDING' })
    }
    if (
      (m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/))
    ) {
      const state = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`)
      if (!state) return this.notFound(res)
      return this.page(
        res,
        url,
        state.reviews.map(({ comments: _comments, ...review }) => review)
      )
    }
    if (
      (m = route(
        'DELETE',
        /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/
      ))
    ) {
      for (const pull of this.pulls.values()) {
        const comment = pull.issueComments.find((c) => c.id === Number(m![3]))
        if (!comment) continue
        if (comment.user.login !== identity.login)
          return this.json(res, 403, {
            message: 'Resource not accessible by integration',
            documentation_url: DOCS,
            status: '403'
          })
        pull.issueComments.splice(pull.issueComments.indexOf(comment), 1)
        res.writeHead(204)
        return void res.end()
      }
      return this.notFound(res)
    }
    if (
      (m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/))
    ) {
      const comment = [...this.pulls.entries()]
        .filter(([key]) => key.startsWith(`${m![1]}/${m![2]}#`))
        .flatMap(([, p]) => p.issueComments)
        .find((c) => c.id === Number(m![3]))
      if (!comment) return this.notFound(res)
      return this.json(res, 200, comment)
    }
    if (
      (m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/))
    ) {
      const state = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`)
      if (!state) return this.notFound(res)
      return this.page(res, url, state.issueComments)
    }
    if (
      (m = route(
        'POST',
        /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/
      ))
    ) {
      const state = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`)
      if (!state) return this.notFound(res)
      if (typeof body.body !== 'string')
        return this.invalid(res, 'body is missing')
      if (body.body.length > 65_536) return this.tooLong(res)
      const comment = {
        id: this.nextId++,
        node_id: `IC_${this.nextId}`,
        body: body.body,
        user: this.author(identity),
        created_at: githubTime(),
        updated_at: githubTime()
      }
      state.issueComments.push(comment)
      return this.json(res, 201, comment)
    }
    if (
      (m = route(
        'PATCH',
        /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/
      ))
    ) {
      const comment = [...this.pulls.values()]
        .flatMap((p) => p.issueComments)
        .find((c) => c.id === Number(m![3]))
      if (!comment) return this.notFound(res)
      if (comment.user.login !== identity.login)
        return this.json(res, 403, {
          message: 'Resource not accessible by integration',
          documentation_url: DOCS,
          status: '403'
        })
      if (typeof body.body !== 'string')
        return this.invalid(res, 'body is missing')
      if (body.body.length > 65_536) return this.tooLong(res)
      this.editIssueComment(comment, body.body)
      return this.json(res, 200, comment)
    }
    if ((m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/compare\/(.+)$/))) {
      const comparison = this.comparisons.get(
        `${m[1]}/${m[2]}:${decodeURIComponent(m[3])}`
      )
      if (!comparison) return this.notFound(res)
      const { files, status } = comparison
      return this.json(res, 200, {
        status,
        ahead_by: status === 'ahead' || status === 'diverged' ? 1 : 0,
        behind_by: status === 'behind' || status === 'diverged' ? 1 : 0,
        total_commits: status === 'ahead' || status === 'diverged' ? 1 : 0,
        commits: [],
        files: files.map((filename) => ({
          filename,
          status: 'modified',
          additions: 1,
          deletions: 0,
          changes: 1
        }))
      })
    }
    if (
      (m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([^/]+)$/))
    ) {
      return this.tree(res, `${m[1]}/${m[2]}`, m[3])
    }
    if (
      (m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/git\/blobs\/([^/]+)$/))
    ) {
      const blob = this.blobs.get(m[3])
      if (!blob) return this.notFound(res)
      return this.json(res, 200, {
        sha: m[3],
        node_id: `B_${m[3]}`,
        url: '',
        size: Buffer.byteLength(blob),
        content: Buffer.from(blob).toString('base64'),
        encoding: 'base64'
      })
    }
    if ((m = route('GET', /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/))) {
      return this.content(
        res,
        `${m[1]}/${m[2]}`,
        url.searchParams.get('ref') ?? '',
        decodeURIComponent(m[3]),
        req.headers.accept ?? ''
      )
    }
    if ((m = route('POST', /^\/graphql$/))) {
      return this.graphql(res, body)
    }
    this.unexpected.push(request)
    this.notFound(res)
  }

  /**
   * The GraphQL operations we send, answered as GitHub does: minimizeComment,
   * reviewThreads of a pull request and resolveReviewThread (FORBIDDEN
   * unless `canResolveThreads`, as without `contents: write`).
   */
  private graphql(res: ServerResponse, body: Record<string, unknown>): void {
    const query = String(body.query)
    const variables = (body.variables ?? {}) as Record<string, unknown>
    const notFound = (id: unknown) =>
      this.json(res, 200, {
        data: null,
        errors: [
          {
            type: 'NOT_FOUND',
            message: `Could not resolve to a node with the global id of '${String(id)}'`
          }
        ]
      })
    const allComments = () =>
      [...this.pulls.values()].flatMap((p) => [
        ...this.listedReviewComments(p),
        ...p.issueComments
      ])
    if (query.includes('minimizeComment')) {
      const comment = allComments().find((c) => c.node_id === variables.id)
      const classifier = String(variables.classifier ?? '')
      if (!comment) return notFound(variables.id)
      if (
        ![
          'OUTDATED',
          'RESOLVED',
          'DUPLICATE',
          'OFF_TOPIC',
          'SPAM',
          'ABUSE'
        ].includes(classifier)
      )
        return this.json(res, 200, {
          data: null,
          errors: [
            {
              message: `Variable $classifier of type ReportedContentClassifiers! was provided invalid value '${classifier}'`
            }
          ]
        })
      comment.minimized = true
      comment.minimizedAs = classifier
      return this.json(res, 200, {
        data: { minimizeComment: { minimizedComment: { isMinimized: true } } }
      })
    }
    if (query.includes('reviewThreads')) {
      const state = this.pulls.get(
        `${String(variables.owner)}/${String(variables.repo)}#${String(variables.number)}`
      )
      if (!state)
        return this.json(res, 200, {
          data: { repository: { pullRequest: null } },
          errors: [
            { type: 'NOT_FOUND', message: 'Could not resolve to a PullRequest' }
          ]
        })
      const tops = this.listedReviewComments(state).filter(
        (c) => c.in_reply_to_id === undefined
      )
      return this.json(res, 200, {
        data: {
          repository: {
            pullRequest: {
              reviewThreads: {
                pageInfo: { hasNextPage: false, endCursor: null },
                nodes: tops.map((c) => ({
                  id: `PRRT_${c.id}`,
                  isResolved: state.resolvedThreads.has(c.id),
                  comments: { nodes: [{ databaseId: c.id }] }
                }))
              }
            }
          }
        }
      })
    }
    if (query.includes('resolveReviewThread')) {
      const top = Number(/^PRRT_(\d+)$/.exec(String(variables.id))?.[1])
      const state = [...this.pulls.values()].find((p) =>
        this.listedReviewComments(p).some((c) => c.id === top)
      )
      if (!state) return notFound(variables.id)
      if (!this.canResolveThreads)
        return this.json(res, 200, {
          data: { resolveReviewThread: null },
          errors: [
            {
              type: 'FORBIDDEN',
              message: 'Resource not accessible by integration'
            }
          ]
        })
      state.resolvedThreads.add(top)
      return this.json(res, 200, {
        data: { resolveReviewThread: { thread: { isResolved: true } } }
      })
    }
    this.unexpected.push(this.current!)
    return this.json(res, 200, {
      data: null,
      errors: [{ message: 'This local server does not answer that query' }]
    })
  }

  /** `pulls/create-review`, with GitHub's validation of comment anchors. */
  private createReview(
    res: ServerResponse,
    state: PullState,
    body: Record<string, unknown>,
    identity: TokenIdentity
  ): void {
    const event = body.event as string | undefined
    if (event === 'APPROVE')
      return this.json(res, 422, {
        message: 'Unprocessable Entity',
        errors: ['GitHub Actions is not permitted to approve pull requests.'],
        status: '422'
      })
    if (event !== undefined && !['COMMENT', 'REQUEST_CHANGES'].includes(event))
      return this.invalid(res, `event '${event}' is not valid`)
    if (
      (event === 'COMMENT' || event === 'REQUEST_CHANGES') &&
      typeof body.body !== 'string'
    ) {
      return this.invalid(res, 'body is required for COMMENT reviews')
    }
    if (typeof body.body === 'string' && body.body.length > 65_536)
      return this.tooLong(res)
    const pending = event === undefined
    if (
      pending &&
      state.reviews.some(
        (r) => r.state === 'PENDING' && r.user.login === identity.login
      )
    ) {
      return this.json(res, 422, {
        message: 'Unprocessable Entity',
        errors: ['User can only have one pending review per pull request'],
        status: '422'
      })
    }
    const comments =
      (body.comments as Array<Record<string, unknown>> | undefined) ?? []
    for (const comment of comments) {
      if ('position' in comment)
        return this.invalid(res, 'position is deprecated: use line and side')
      if (typeof comment.body === 'string' && comment.body.length > 65_536)
        return this.tooLong(res)
      if (
        comment.start_line !== undefined &&
        Number(comment.start_line) >= Number(comment.line)
      ) {
        return this.json(res, 422, {
          message: 'Unprocessable Entity',
          errors: [
            'Pull request review thread start line must precede the end line.'
          ],
          status: '422'
        })
      }
      if (!this.resolvable(state, comment)) {
        return this.json(res, 422, {
          message: 'Unprocessable Entity',
          errors: ['Line could not be resolved'],
          status: '422'
        })
      }
    }
    const id = this.nextId++
    const review: StoredReview = {
      id,
      node_id: `PRR_${id}`,
      user: this.author(identity),
      body: (body.body as string | undefined) ?? '',
      state: pending
        ? 'PENDING'
        : event === 'REQUEST_CHANGES'
          ? 'CHANGES_REQUESTED'
          : 'COMMENTED',
      commit_id: String(body.commit_id ?? ''),
      comments: comments.map((c) => ({
        id: this.nextId++,
        node_id: `PRRC_${this.nextId}`,
        body: String(c.body),
        user: this.author(identity),
        path: String(c.path),
        line: Number(c.line),
        side: String(c.side ?? 'RIGHT'),
        start_line: c.start_line === undefined ? null : Number(c.start_line),
        start_side: c.start_side === undefined ? null : String(c.start_side),
        commit_id: String(body.commit_id ?? ''),
        pull_request_review_id: id,
        created_at: new Date().toISOString()
      }))
    }
    state.reviews.push(review)
    this.json(res, 200, {
      id,
      node_id: review.node_id,
      user: review.user,
      body: review.body,
      state: review.state,
      commit_id: review.commit_id
    })
  }

  /** A comment's lines must lie in one hunk of the file's patch: head rows on RIGHT, deleted rows on LEFT. */
  private resolvable(
    state: PullState,
    comment: Record<string, unknown>
  ): boolean {
    const file = state.pr.files.find((f) => f.filename === comment.path)
    const patch = file?.patch as string | undefined
    if (!patch) return false
    const line = Number(comment.line)
    const start =
      comment.start_line === undefined ? line : Number(comment.start_line)
    if (this.rejectComment({ path: String(comment.path), line })) return false
    const side = comment.side ?? 'RIGHT'
    for (const hunk of hunksOf(patch)) {
      const rows = side === 'LEFT' ? hunk.left : hunk.right
      if (rows.has(line) && rows.has(start)) return true
    }
    return false
  }

  /** `git/get-tree` with `recursive`: every file (mode 100644) and link (120000) served at `ref`. */
  private tree(res: ServerResponse, repo: string, ref: string): void {
    const prefix = `${repo}@${ref}:`
    const paths = [...this.contents.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length))
    if (paths.length === 0) return this.notFound(res)
    const folders = new Set(
      paths.flatMap((path) =>
        path
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join('/'))
      )
    )
    const blobEntry = (path: string) => {
      const entry = this.contents.get(`${prefix}${path}`)!
      const data = entry.text ?? entry.symlink ?? ''
      const sha = createHash('sha1').update(`${prefix}${path}`).digest('hex')
      this.blobs.set(sha, data)
      return {
        path,
        mode: entry.symlink === undefined ? '100644' : '120000',
        type: 'blob',
        sha,
        size: Buffer.byteLength(data),
        url: ''
      }
    }
    return this.json(res, 200, {
      sha: ref,
      url: '',
      truncated: false,
      tree: [
        ...[...folders].map((path) => ({
          path,
          mode: '040000',
          type: 'tree',
          sha: createHash('sha1').update(`${prefix}${path}/`).digest('hex'),
          url: ''
        })),
        ...paths.map(blobEntry)
      ]
    })
  }

  /** `repos/get-content`: a file (base64), a symlink, a directory listing, or the raw bytes. */
  private content(
    res: ServerResponse,
    repo: string,
    ref: string,
    path: string,
    accept: string
  ): void {
    let entry = this.contents.get(`${repo}@${ref}:${path}`)
    // GitHub answers a link to a file in the repository with that file.
    if (entry?.symlink !== undefined) {
      const target = posix.normalize(
        posix.join(posix.dirname(path), entry.symlink)
      )
      const file = this.contents.get(`${repo}@${ref}:${target}`)
      if (file?.text !== undefined) entry = file
    }
    const base = {
      name: path.split('/').pop(),
      path,
      sha: '0'.repeat(40),
      url: '',
      git_url: null,
      html_url: null,
      download_url: null,
      _links: { self: '', git: null, html: null }
    }
    if (entry?.text !== undefined) {
      if (accept.includes('raw')) {
        res.writeHead(200, { 'content-type': 'application/vnd.github.raw' })
        res.end(entry.text)
        return
      }
      return this.json(res, 200, {
        ...base,
        type: 'file',
        size: Buffer.byteLength(entry.text),
        encoding: 'base64',
        content: Buffer.from(entry.text).toString('base64')
      })
    }
    if (entry?.symlink !== undefined)
      return this.json(res, 200, {
        ...base,
        type: 'symlink',
        size: entry.symlink.length,
        target: entry.symlink
      })
    const prefix = `${repo}@${ref}:${path}/`
    const children = [...this.contents.keys()].filter((key) =>
      key.startsWith(prefix)
    )
    if (children.length > 0) {
      return this.json(
        res,
        200,
        children.map((key) => ({
          ...base,
          type: 'file',
          size: 0,
          path: key.slice(key.indexOf(':') + 1)
        }))
      )
    }
    this.notFound(res)
  }

  /** GitHub's pagination: `per_page` (default 30, max 100), `page`, and a Link header. */
  private page(res: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(
      100,
      Number(url.searchParams.get('per_page') ?? 30)
    )
    const page = Number(url.searchParams.get('page') ?? 1)
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (n: number, rel: string): string => {
      const target = new URL(url)
      target.searchParams.set('page', String(n))
      return `<${target.toString()}>; rel="${rel}"`
    }
    const links: string[] = []
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'))
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
    const headers: Record<string, string> = {}
    if (links.length > 0) headers.link = links.join(', ')
    this.json(
      res,
      200,
      items.slice((page - 1) * perPage, page * perPage),
      headers
    )
  }

  private notFound(res: ServerResponse): void {
    this.json(res, 404, {
      message: 'Not Found',
      documentation_url: DOCS,
      status: '404'
    })
  }

  private invalid(res: ServerResponse, message: string): void {
    this.json(res, 422, {
      message: 'Validation Failed',
      errors: [message],
      documentation_url: DOCS,
      status: '422'
    })
  }

  private tooLong(res: ServerResponse): void {
    this.json(res, 422, {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'Issue',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)'
        }
      ],
      status: '422'
    })
  }

  private json(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): void {
    if (lostAnswers.has(res)) {
      res.writeHead(502, { 'content-type': 'text/html' })
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>')
      return
    }
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '999',
      ...headers
    })
    res.end(JSON.stringify(this.shape(status, body)))
  }

  /** Fills the answer out to its documented shape and records what still does not conform. */
  private shape(status: number, body: unknown): unknown {
    const request = this.current
    if (!request || status >= 300 || request.path === '/graphql') return body
    const schema = responseSchema(request.method, request.path, status)
    if (!schema) return body
    try {
      const { value, problems } = shapeResponse(schema, body)
      this.violations.push(
        ...problems.map(
          (p) => `${request.method} ${request.path} ${status} ${p}`
        )
      )
      return value
    } catch (error) {
      this.violations.push(
        `${request.method} ${request.path} ${status}: cannot check the answer: ${(error as Error).message}`
      )
      return body
    }
  }
}

/**
 * Which lines each hunk of a patch shows, read straight from the hunk
 * headers and rows (independently of the code under test).
 */
function hunksOf(
  patch: string
): Array<{ right: Set<number>; left: Set<number> }> {
  const hunks: Array<{ right: Set<number>; left: Set<number> }> = []
  let current: { right: Set<number>; left: Set<number> } | undefined
  let oldLine = 0
  let newLine = 0
  for (const row of patch.split('\n')) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(row)
    if (header) {
      current = { right: new Set(), left: new Set() }
      hunks.push(current)
      oldLine = Number(header[1])
      newLine = Number(header[2])
      continue
    }
    if (!current) continue
    if (row.startsWith('+')) current.right.add(newLine++)
    else if (row.startsWith('-')) current.left.add(oldLine++)
    else if (row.startsWith(' ') || row === '') {
      current.right.add(newLine++)
      oldLine++
    }
  }
  return hunks
}

/** A timestamp as GitHub writes one: to the second. */
function githubTime(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}
