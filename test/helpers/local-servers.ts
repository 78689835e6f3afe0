/**
 * The local GitHub and Messages servers of an end-to-end test file, started
 * once for its describe block, with the helpers every such file needs: a
 * fresh review fixture, a pull request served from it, and a run of the
 * bundled action on an event against both servers.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { runAction } from './action-runner.js'
import type { ActionRun } from './action-runner.js'
import { LocalAnthropic } from '../../dev/anthropic-server.js'
import type { MessagesBody, ScriptedReply } from '../../dev/anthropic-server.js'
import { LocalGitHub } from '../../dev/github-server.js'
import { servePullRequest, servePush } from '../../dev/pull-request-fixture.js'
import { createReviewFixture } from './review-fixture.js'
import type { ReviewFixture } from './review-fixture.js'

export const OWNER = 'octo-org'
export const REPO = 'shop'

/** A change in a git repository: what a served pull request is made of. */
export type ServedChange = Pick<ReviewFixture, 'repo' | 'base' | 'head'>

export interface LocalServers {
  readonly github: LocalGitHub
  readonly anthropic: LocalAnthropic
  /** Where the servers listen (set once they have started). */
  readonly urls: { github: string; anthropic: string }
  /** How the Messages server answers from now on. */
  answer: (body: MessagesBody) => ScriptedReply
  /** A fixture removed when the file's tests end. */
  fixture(): ReviewFixture
  /** The fixture's change served as pull request `number` of OWNER/REPO; its pull_request payload. */
  serve(
    f: ServedChange,
    number: number,
    options?: { head?: string; edit?: (pr: Record<string, unknown>) => void }
  ): Record<string, unknown>
  /**
   * A push to served pull request `number`: its head moves to `head`; GitHub
   * can compare it with the fixture's first head unless `comparable` is false.
   * Its pull_request.synchronize-like payload.
   */
  push(
    f: ServedChange,
    number: number,
    head: string,
    comparable?: boolean
  ): Record<string, unknown>
  /** `node dist/index.js` on `eventName` with `payload`, the job token and the model server's key. */
  run(
    eventName: string,
    f: ServedChange,
    payload: Record<string, unknown>,
    inputs?: Record<string, string>
  ): Promise<ActionRun>
}

/**
 * Registers the servers' start, stop and the per-test check that every
 * request and answer kept to GitHub's OpenAPI description (and, with
 * `strict`, that no request went to a route the server does not know).
 */
export function useLocalServers(
  options: { strict?: boolean; setUp?: (github: LocalGitHub) => void } = {}
): LocalServers {
  const fixtures: ReviewFixture[] = []
  const urls = { github: '', anthropic: '' }
  const github = new LocalGitHub()
  options.setUp?.(github)
  const servers: LocalServers = {
    github,
    urls,
    anthropic: new LocalAnthropic((body) => servers.answer(body)),
    answer: () => ({ content: [] }),
    fixture() {
      const f = createReviewFixture()
      fixtures.push(f)
      return f
    },
    serve: (f, number, { head, edit } = {}) =>
      servePullRequest(github, f.repo, {
        owner: OWNER,
        repo: REPO,
        number,
        baseSha: f.base,
        headSha: head ?? f.head,
        edit
      }),
    push(f, number, head, comparable = true) {
      const { payload, files } = servePush(github, f.repo, {
        owner: OWNER,
        repo: REPO,
        number,
        baseSha: f.base,
        headSha: head
      })
      if (comparable)
        github.setComparison(
          OWNER,
          REPO,
          f.head,
          head,
          files.map((e) => String(e.filename))
        )
      return payload
    },
    run: (eventName, f, payload, inputs = {}) =>
      runAction({
        eventName,
        payload,
        repository: `${OWNER}/${REPO}`,
        apiUrl: urls.github,
        workspace: f.repo.dir,
        inputs: {
          'github-token': 'ghs_job_token',
          'anthropic-api-key': servers.anthropic.apiKey,
          'anthropic-base-url': urls.anthropic,
          ...inputs
        }
      })
  }

  beforeAll(async () => {
    urls.github = await servers.github.start()
    urls.anthropic = await servers.anthropic.start()
  })
  afterAll(async () => {
    await servers.github.stop()
    await servers.anthropic.stop()
    for (const f of fixtures) f.repo.cleanup()
  })
  afterEach(() => {
    expect(servers.github.takeViolations()).toEqual([])
    if (options.strict) expect(servers.github.unexpected).toEqual([])
  })

  return servers
}
