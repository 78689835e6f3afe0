/**
 * End to end: the bundled action (`node dist/index.js`) run as the runner
 * runs it, against a local GitHub REST server on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'
import { LocalGitHub } from '../dev/github-server.js'
import { runAction } from './helpers/action-runner.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import { report } from '../dev/review-script.js'
import {
  diffEntries,
  pullRequestPayload,
  webhookExample
} from '../dev/pull-request-fixture.js'

const OWNER = 'octo-org'
const REPO = 'payments'
const FILE_COUNT = 150

describe('the action on a pull request of more than 100 files', () => {
  let github: LocalGitHub
  let apiUrl: string
  let anthropic: LocalAnthropic
  let anthropicUrl: string
  let repo: GitFixture
  let payload: Record<string, unknown>
  let files: ReturnType<typeof diffEntries>

  // A request or answer GitHub's OpenAPI description rejects fails the test that caused it.
  afterEach(() => expect(github.takeViolations()).toEqual([]))

  beforeAll(async () => {
    repo = createGitFixture()
    for (let i = 0; i < FILE_COUNT - 4; i++)
      repo.write(
        `services/s${i % 9}/handler${i}.ts`,
        `export const v${i} = ${i}\n`
      )
    repo.write(
      'assets/logo.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])
    )
    const base = repo.commit('base')
    for (let i = 0; i < FILE_COUNT - 4; i++) {
      repo.write(
        `services/s${i % 9}/handler${i}.ts`,
        `export const v${i} = ${i}\nexport function h${i}(req) {\n  return db.query('SELECT * FROM t WHERE id=' + req.id)\n}\n`
      )
    }
    repo.write(
      'assets/logo.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 9, 9])
    )
    repo.write('package-lock.json', '{"lockfileVersion": 3}\n')
    repo.write('db/huge-seed.sql', 'INSERT INTO t VALUES (1);\n'.repeat(50))
    repo.write('web/vendor.min.js', 'var a=1;\n')
    const head = repo.commit('head')

    files = diffEntries(repo, base, head, {
      withoutPatch: ['db/huge-seed.sql']
    })
    expect(files).toHaveLength(FILE_COUNT)
    payload = pullRequestPayload({
      owner: OWNER,
      repo: REPO,
      number: 17,
      baseSha: base,
      headSha: head,
      changedFiles: FILE_COUNT
    })

    github = new LocalGitHub()
    github.addPullRequest(OWNER, REPO, {
      data: payload.pull_request as { number: number },
      files
    })
    apiUrl = await github.start()
    // A model that finds nothing: these tests are about listing and planning.
    anthropic = new LocalAnthropic(() => ({ content: [report([])] }))
    anthropicUrl = await anthropic.start()
  })

  afterAll(async () => {
    await github.stop()
    await anthropic.stop()
    repo.cleanup()
  })

  it('lists every page of files, plans them and reports every file', async () => {
    github.requests.length = 0
    const run = await runAction({
      inputs: {
        'github-token': 'ghs_e2eTestToken0000000000000000000000',
        'max-diff-tokens': '2000',
        'anthropic-api-key': anthropic.apiKey,
        'anthropic-base-url': anthropicUrl,
        areas: 'security'
      },
      eventName: 'pull_request',
      payload,
      repository: `${OWNER}/${REPO}`,
      apiUrl
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(github.unexpected).toEqual([])

    const pages = github.requests.filter((r) =>
      r.path.endsWith('/pulls/17/files')
    )
    expect(pages.map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2'])
    expect(pages.every((r) => r.query.get('per_page') === '100')).toBe(true)
    expect(pages[0].authorization).toBe(
      'token ghs_e2eTestToken0000000000000000000000'
    )

    expect(Number(run.outputs['files-reviewed'])).toBe(FILE_COUNT - 4)
    expect(Number(run.outputs['files-skipped'])).toBe(4)
    expect(Number(run.outputs['review-units'])).toBeGreaterThan(1)
    expect(Number(run.outputs['estimated-cost-usd'])).toBeGreaterThan(0)

    expect(run.summary).toContain('## architect-review plan: PR #17')
    expect(run.summary).toMatch(/`package-lock.json` \| lockfile/)
    expect(run.summary).toMatch(/`assets\/logo.png` \| binary file/)
    expect(run.summary).toMatch(/`db\/huge-seed.sql` \| GitHub sent no patch/)
    expect(run.summary).toMatch(
      /`web\/vendor.min.js` \| minified or bundled file/
    )
    // The token is masked in the log.
    expect(run.stdout).toContain(
      '::add-mask::ghs_e2eTestToken0000000000000000000000'
    )
  })

  it('fetches the pull request named by pr-number on workflow_dispatch', async () => {
    github.requests.length = 0
    const run = await runAction({
      inputs: {
        'github-token': 'ghs_x',
        'pr-number': '17',
        'anthropic-api-key': anthropic.apiKey,
        'anthropic-base-url': anthropicUrl,
        areas: 'security'
      },
      eventName: 'workflow_dispatch',
      payload: webhookExample('workflow_dispatch'),
      repository: `${OWNER}/${REPO}`,
      apiUrl
    })
    expect(run.exitCode).toBe(0)
    expect(github.requests[0].path).toBe(`/repos/${OWNER}/${REPO}/pulls/17`)
    expect(Number(run.outputs['files-reviewed'])).toBe(FILE_COUNT - 4)
  })

  it('exits neutrally with a notice on an event without a pull request', async () => {
    const run = await runAction({
      inputs: { 'github-token': 'ghs_x' },
      eventName: 'push',
      payload: webhookExample('push'),
      repository: `${OWNER}/${REPO}`,
      apiUrl
    })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(
      /::notice::architect-review reviews pull requests; the 'push' event has none/
    )
    expect(run.outputs['files-reviewed']).toBe('0')
  })

  it('fails with a message naming the input on bad configuration', async () => {
    const run = await runAction({
      inputs: { 'github-token': 'ghs_x', 'max-files': 'many' },
      eventName: 'pull_request',
      payload,
      repository: `${OWNER}/${REPO}`,
      apiUrl
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      "::error::Configuration error: Input 'max-files' must be a positive whole number, got 'many'"
    )
  })

  it('rejects an unknown area before any request to GitHub', async () => {
    const before = github.requests.length
    const run = await runAction({
      inputs: { 'github-token': 'ghs_x', areas: 'security, styling' },
      eventName: 'pull_request',
      payload,
      repository: `${OWNER}/${REPO}`,
      apiUrl
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      "::error::Configuration error: Input 'areas' has an unknown area 'styling'. Accepted: api, database, system, security, performance."
    )
    expect(github.requests.length).toBe(before)
  })

  it('says what is wrong when the event file is missing', async () => {
    const run = await runAction({
      inputs: { 'github-token': 'ghs_x' },
      eventName: 'pull_request',
      payload,
      repository: `${OWNER}/${REPO}`,
      apiUrl,
      env: { GITHUB_EVENT_PATH: '/nonexistent/event.json' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      '::error::Configuration error: The pull_request event has no pull request to review: GITHUB_EVENT_PATH names /nonexistent/event.json, which does not exist.'
    )
  })

  it('says plainly when GitHub answers with a page instead of JSON (a wrong GITHUB_API_URL)', async () => {
    const { createServer } = await import('node:http')
    const page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end('<!DOCTYPE html><html><body>Sign in to GitHub</body></html>')
    })
    await new Promise<void>((done) => page.listen(0, '127.0.0.1', done))
    const { port } = page.address() as import('node:net').AddressInfo
    try {
      const run = await runAction({
        inputs: { 'github-token': 'ghs_x', 'pr-number': '7' },
        eventName: 'workflow_dispatch',
        payload: {},
        repository: `${OWNER}/${REPO}`,
        apiUrl: `http://127.0.0.1:${port}`
      })
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toContain(
        'GitHub answered GET /repos/{owner}/{repo}/pulls/{pull_number} with 200 text/html; charset=utf-8 instead of JSON (it begins: "<!DOCTYPE html>'
      )
      expect(run.stdout).toContain('Check GITHUB_API_URL')
      expect(run.stdout).not.toContain("Cannot use 'in' operator")
    } finally {
      page.close()
    }
  })

  it('fails clearly when the pull request is gone', async () => {
    const run = await runAction({
      inputs: { 'github-token': 'ghs_x', 'pr-number': '99' },
      eventName: 'workflow_dispatch',
      payload: webhookExample('workflow_dispatch'),
      repository: `${OWNER}/${REPO}`,
      apiUrl
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      '::error::Configuration error: Pull request #99 was not found in octo-org/payments'
    )
  })
})
