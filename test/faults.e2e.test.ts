/**
 * The fault matrix, end to end: `node dist/index.js` against local GitHub
 * and Messages API servers that fail the way the real ones do. Every run
 * ends with a clear outcome and no finding is lost. docs/RELIABILITY.md
 * lists each row with its test.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runAction } from './helpers/action-runner.js'
import type { ActionRun } from './helpers/action-runner.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import type { Script } from '../dev/anthropic-server.js'
import { LocalGitHub } from '../dev/github-server.js'
import { diffEntries, servePullRequest } from '../dev/pull-request-fixture.js'
import { createReviewFixture, sqlInjection } from './helpers/review-fixture.js'
import { areaOf, report } from '../dev/review-script.js'
import type { ReviewFixture } from './helpers/review-fixture.js'

const OWNER = 'octo-org'
const REPO = 'shop'

describe('fault matrix', () => {
  let fixture: ReviewFixture
  let github: LocalGitHub
  let anthropic: LocalAnthropic
  let urls: { api: string; model: string }
  let number = 100

  const findings: Script = (body) => ({
    content: [report(areaOf(body) === 'security' ? [sqlInjection] : [])]
  })
  /** Serves the fixture's change as a new pull request; its payload, for one run or several. */
  const serve = (
    files: Array<Record<string, unknown>> = diffEntries(
      fixture.repo,
      fixture.base,
      fixture.head
    ),
    changedFiles = files.length
  ) => {
    number++
    const payload = servePullRequest(github, fixture.repo, {
      owner: OWNER,
      repo: REPO,
      number,
      baseSha: fixture.base,
      headSha: fixture.head,
      files,
      changedFiles
    })
    return { payload, number }
  }
  /** One run of the action on a served pull request, the model answering with `script`. */
  const runOn = async (
    served: ReturnType<typeof serve>,
    script: Script,
    inputs: Record<string, string> = {}
  ): Promise<ActionRun & { number: number }> => {
    anthropic.script = script
    const result = await runAction({
      eventName: 'pull_request',
      payload: served.payload,
      repository: `${OWNER}/${REPO}`,
      apiUrl: urls.api,
      workspace: fixture.repo.dir,
      inputs: {
        'github-token': 'ghs_x',
        'anthropic-api-key': anthropic.apiKey,
        'anthropic-base-url': urls.model,
        ...inputs
      }
    })
    return { ...result, number: served.number }
  }
  const run = (
    script: Script,
    inputs: Record<string, string> = {},
    files?: Array<Record<string, unknown>>,
    changedFiles?: number
  ): Promise<ActionRun & { number: number }> =>
    runOn(serve(files, changedFiles), script, inputs)
  const findingsOf = (result: ActionRun) =>
    JSON.parse(result.outputs.findings) as Array<{
      title?: string
      status: string
    }>

  // A request or answer GitHub's OpenAPI description rejects fails the test that caused it.
  afterEach(() => expect(github.takeViolations()).toEqual([]))

  beforeAll(async () => {
    fixture = createReviewFixture()
    github = new LocalGitHub()
    anthropic = new LocalAnthropic(findings)
    urls = { api: await github.start(), model: await anthropic.start() }
  })
  afterAll(async () => {
    await github.stop()
    await anthropic.stop()
    fixture.repo.cleanup()
  })

  it('Anthropic 429 with retry-after: waits, retries, completes', async () => {
    let first = true
    const result = await run((body, ctx) => {
      if (first) {
        first = false
        return {
          error: {
            status: 429,
            type: 'rate_limit_error',
            message:
              'Number of request tokens has exceeded your per-minute rate limit',
            headers: { 'retry-after': '1' }
          }
        }
      }
      return findings(body, ctx)
    })
    expect(result.exitCode).toBe(0)
    expect(findingsOf(result).map((f) => f.status)).toEqual(['open'])
    expect(github.pull(OWNER, REPO, result.number).reviews).toHaveLength(1)
  })

  it('Anthropic 529 overloaded: retried, completes', async () => {
    let failures = 2
    const result = await run((body, ctx) =>
      failures-- > 0
        ? {
            error: {
              status: 529,
              type: 'overloaded_error',
              message: 'Overloaded'
            }
          }
        : findings(body, ctx)
    )
    expect(result.exitCode).toBe(0)
    expect(findingsOf(result)).toHaveLength(1)
  })

  it('Anthropic 500 on every attempt of one area: that pass fails, the rest is published, the summary says which', async () => {
    const result = await run((body, ctx) =>
      areaOf(body) === 'database'
        ? {
            error: {
              status: 500,
              type: 'api_error',
              message: 'Internal server error'
            }
          }
        : findings(body, ctx)
    )
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(
      '::warning::1 review pass(es) did not complete: unit-1 database (failed).'
    )
    const summary = github.pull(OWNER, REPO, result.number).issueComments[0]
      .body
    expect(summary).toMatch(/\| unit-1 \| database \| failed \| .*500/)
    expect(findingsOf(result)).toHaveLength(1)
  })

  it('connection reset in the middle of a response: the turn is sent again', async () => {
    let resets = 1
    const result = await run((body, ctx) =>
      resets-- > 0 ? { resetAfterStart: true } : findings(body, ctx)
    )
    expect(result.exitCode).toBe(0)
    expect(findingsOf(result)).toHaveLength(1)
    expect(result.stdout).not.toContain('did not complete')
  })

  it.each(['malformed-event', 'end-early', 'error-event'] as const)(
    'a stream that breaks after it began (%s): the turn is sent again and the review completes',
    async (fault) => {
      let broken = 1
      const result = await run((body, ctx) =>
        areaOf(body) === 'security' && broken-- > 0
          ? { streamFault: fault }
          : findings(body, ctx)
      )
      expect(result.exitCode).toBe(0)
      expect(findingsOf(result)).toHaveLength(1)
      expect(result.stdout).not.toContain('did not complete')
      expect(result.stdout).not.toContain("unexpected stop reason 'null'")
    }
  )

  it('GitHub secondary rate limit on the review: waits for retry-after and posts once', async () => {
    let limited = true
    github.fault = (request) => {
      if (
        limited &&
        request.method === 'POST' &&
        request.path.endsWith('/reviews')
      ) {
        limited = false
        return {
          status: 403,
          body: {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url:
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            status: '403'
          },
          headers: { 'retry-after': '1' }
        }
      }
      return undefined
    }
    try {
      const result = await run(findings)
      expect(result.exitCode).toBe(0)
      expect(github.pull(OWNER, REPO, result.number).reviews).toHaveLength(1)
      expect(result.stdout).toMatch(
        /::warning::GitHub secondary rate limit on POST/
      )
    } finally {
      github.fault = () => undefined
    }
  })

  it('GitHub 502 on every attempt to write the summary: the review stands, a warning, outputs intact', async () => {
    github.fault = (request) =>
      request.method === 'POST' &&
      request.path.endsWith('/comments') &&
      request.path.includes('/issues/')
        ? { status: 502, body: { message: 'Server Error' } }
        : undefined
    try {
      const result = await run(findings)
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toMatch(
        /::warning::Could not write the summary comment \(502/
      )
      expect(github.pull(OWNER, REPO, result.number).reviews).toHaveLength(1)
      expect(result.outputs['summary-comment-id']).toBe('')
      expect(findingsOf(result)).toHaveLength(1)
      expect(result.summary).toContain('Could not write the summary comment')
    } finally {
      github.fault = () => undefined
    }
  }, 60_000)

  it('3,000 changed files (and more GitHub does not list): every listed file planned or skipped with a reason', async () => {
    const files = Array.from({ length: 3_000 }, (_, i) => ({
      filename: `pkg${i % 30}/file${i}.ts`,
      status: 'modified',
      additions: 1,
      deletions: 0,
      changes: 1,
      patch: `@@ -1,0 +1,1 @@\n+export const v${i} = ${i}`
    }))
    const result = await run(
      () => ({ content: [report([])] }),
      { areas: 'security' },
      files,
      3_400
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs['files-reviewed']).toBe('300')
    expect(result.outputs['files-skipped']).toBe('2700')
    const pages = github.requests.filter((r) =>
      r.path.endsWith(`/pulls/${result.number}/files`)
    )
    expect(pages).toHaveLength(30)
    expect(result.summary).toContain(
      '400 files not listed | GitHub lists at most 3,000 files of a pull request'
    )
  })

  it('the PR is closed while it is being reviewed: nothing is posted, the outcome says so', async () => {
    const result = await run((body, ctx) => {
      ;(
        github.pull(OWNER, REPO, number).pr.data as Record<string, unknown>
      ).state = 'closed'
      return findings(body, ctx)
    })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(
      new RegExp(
        `::notice::Pull request #${result.number} was closed during the review; nothing was posted`
      )
    )
    expect(github.pull(OWNER, REPO, result.number).reviews).toEqual([])
    expect(github.pull(OWNER, REPO, result.number).issueComments).toEqual([])
    expect(findingsOf(result)).toHaveLength(1)
  })

  it('the head moves on during the review: published against the reviewed SHA, and the summary says so', async () => {
    const moved = 'f'.repeat(40)
    const result = await run((body, ctx) => {
      ;(
        github.pull(OWNER, REPO, number).pr.data as unknown as {
          head: { sha: string }
        }
      ).head.sha = moved
      return findings(body, ctx)
    })
    expect(result.exitCode).toBe(0)
    const pr = github.pull(OWNER, REPO, result.number)
    expect(pr.reviews[0].commit_id).toBe(fixture.head)
    expect(pr.issueComments[0].body).toContain(
      `The branch moved on to ${moved.slice(0, 12)} during the review; these findings are for ${fixture.head.slice(0, 12)}`
    )
  })

  it('time-budget: near the budget no new pass starts; what is done is published, marked partial', async () => {
    const result = await run(
      (body, ctx) => ({
        ...findings(body, ctx),
        // The budget's deadline is 80% of 1.8 s from the start: the api pass outlasts it.
        totalMs: areaOf(body) === 'api' ? 2_500 : 0
      }),
      { 'time-budget': '0.03', concurrency: '1' }
    )
    expect(result.exitCode).toBe(0)
    const summary = github.pull(OWNER, REPO, result.number).issueComments[0]
      .body
    expect(summary).toContain(
      'Partial review: the time budget of 0.03 minute(s) ran out'
    )
    expect(summary).toMatch(
      /\| unit-1 \| security \| not-run \| not run: the time budget was reached \|/
    )
    expect(github.pull(OWNER, REPO, result.number).reviews).toEqual([])
  })

  it('max-cost-usd: no pass or turn starts that could take the cost past the cap; the partial review is published, and the next run does the rest', async () => {
    // Each pass would be billed 4,000 output tokens ($0.04 on Sonnet 5.5).
    const billed: Script = (body) => ({
      content: [
        report(areaOf(body) === 'api' ? [{ ...sqlInjection, area: 'api' }] : [])
      ],
      output_tokens: 4_000
    })
    const cap = 0.12
    const served = serve()
    const review = (inputs: Record<string, string>) =>
      runOn(served, billed, { verify: 'none', ...inputs })
    const before = anthropic.calls.length
    const first = await review({
      'max-cost-usd': String(cap),
      concurrency: '1'
    })
    expect(first.exitCode, first.stdout.slice(-2000)).toBe(0)
    const spent = Number(first.outputs['cost-usd'])
    expect(spent).toBeGreaterThan(0)
    expect(spent).toBeLessThanOrEqual(cap)
    const sent = new Set(
      anthropic.calls.slice(before).map((c) => areaOf(c.body))
    )
    const summary = github.pull(OWNER, REPO, served.number).issueComments[0]
      .body
    const unfinished = new Map(
      [
        ...summary.matchAll(
          /\| unit-1 \| (\w+) \| (not-run|incomplete) \| ([^|]*) \|/g
        )
      ].map((m) => [m[1], m[3].trim()])
    )
    const notRun = [...unfinished].filter(([, why]) =>
      why.startsWith('not run: max-cost-usd would be passed')
    )
    // Some passes were sent, the rest were never started.
    expect(sent.size).toBeGreaterThan(0)
    expect(notRun.length).toBeGreaterThan(0)
    for (const [area] of notRun) expect(sent.has(area)).toBe(false)
    expect(summary).toContain(
      `Partial review: max-cost-usd ($${cap}) left ${unfinished.size} pass(es) unfinished at $${spent.toFixed(4)} spent`
    )
    // What was found is published.
    expect(github.pull(OWNER, REPO, served.number).reviews).toHaveLength(1)

    // The next run on the same head sends only the passes that did not complete.
    const again = anthropic.calls.length
    const second = await review({})
    expect(second.exitCode, second.stdout.slice(-2000)).toBe(0)
    expect(
      new Set(anthropic.calls.slice(again).map((c) => areaOf(c.body)))
    ).toEqual(new Set(unfinished.keys()))
  })
})
