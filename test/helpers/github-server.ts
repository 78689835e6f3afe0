/**
 * A local stand-in for GitHub's REST API on 127.0.0.1: it keeps pull
 * requests and their files, pages lists the way GitHub does (per_page up
 * to 100, Link headers, 3,000 files at most) and logs every request. A
 * request to a route it does not know is answered 404 and recorded as
 * unexpected, so the test that sent it can fail.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  authorization?: string
}

export interface FakePullRequest {
  /** REST `pulls/get` body. */
  data: Record<string, unknown> & { number: number }
  /** REST DiffEntry objects. */
  files: Array<Record<string, unknown>>
}

export class LocalGitHub {
  readonly requests: RecordedRequest[] = []
  readonly unexpected: RecordedRequest[] = []
  private readonly pulls = new Map<string, FakePullRequest>()
  /** Repository contents by `owner/repo@ref:path`: file text, or a symlink target. */
  private readonly contents = new Map<
    string,
    { text?: string; symlink?: string }
  >()
  private server?: Server

  /** Serves `pr` under owner/repo. */
  addPullRequest(owner: string, repo: string, pr: FakePullRequest): void {
    this.pulls.set(`${owner}/${repo}#${pr.data.number}`, pr)
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

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res))
    await new Promise<void>((resolve) =>
      this.server!.listen(0, '127.0.0.1', resolve)
    )
    const { port } = this.server.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve()
    )
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(
      req.url ?? '/',
      `http://${req.headers.host ?? '127.0.0.1'}`
    )
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization
    }
    this.requests.push(request)

    const pull = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)(\/files)?$/.exec(
      url.pathname
    )
    if (request.method === 'GET' && pull) {
      const pr = this.pulls.get(`${pull[1]}/${pull[2]}#${pull[3]}`)
      if (!pr)
        return this.json(res, 404, {
          message: 'Not Found',
          documentation_url:
            'https://docs.github.com/rest/pulls/pulls#get-a-pull-request',
          status: '404'
        })
      if (!pull[4]) return this.json(res, 200, pr.data)
      return this.page(res, url, pr.files.slice(0, 3000))
    }
    const content = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(
      url.pathname
    )
    if (request.method === 'GET' && content) {
      return this.content(
        res,
        `${content[1]}/${content[2]}`,
        url.searchParams.get('ref') ?? '',
        decodeURIComponent(content[3]),
        req.headers.accept ?? ''
      )
    }
    this.unexpected.push(request)
    this.json(res, 404, {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404'
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
    const entry = this.contents.get(`${repo}@${ref}:${path}`)
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
    this.json(res, 404, {
      message: 'Not Found',
      documentation_url:
        'https://docs.github.com/rest/repos/contents#get-repository-content',
      status: '404'
    })
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

  private json(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): void {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '999',
      ...headers
    })
    res.end(JSON.stringify(body))
  }
}
