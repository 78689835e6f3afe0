/**
 * The second way users run the action: GitHub's own local runner,
 * `npx @github/local-action . src/main.ts .env`, with the inputs in a .env
 * file, against the local GitHub and Messages API servers.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_PACING } from './helpers/action-runner.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import { LocalGitHub } from '../dev/github-server.js'
import {
  servePullRequest,
  webhookExample
} from '../dev/pull-request-fixture.js'
import { createReviewFixture, sqlInjection } from './helpers/review-fixture.js'
import { areaOf, report } from '../dev/review-script.js'
import type { ReviewFixture } from './helpers/review-fixture.js'

const ROOT = resolve(import.meta.dirname, '..')

describe('npx @github/local-action', () => {
  let fixture: ReviewFixture
  let github: LocalGitHub
  let anthropic: LocalAnthropic
  let dir: string
  let output: { code: number; stdout: string; stderr: string }

  beforeAll(async () => {
    fixture = createReviewFixture()
    github = new LocalGitHub()
    anthropic = new LocalAnthropic((body) => ({
      content: [report(areaOf(body) === 'security' ? [sqlInjection] : [])]
    }))
    const apiUrl = await github.start()
    const modelUrl = await anthropic.start()
    const payload = servePullRequest(github, fixture.repo, {
      owner: 'octo-org',
      repo: 'shop',
      number: 7,
      baseSha: fixture.base,
      headSha: fixture.head
    })
    dir = mkdtempSync(join(tmpdir(), 'architect-review-local-action-'))
    writeFileSync(join(dir, 'event.json'), JSON.stringify(payload))
    writeFileSync(
      join(dir, '.env'),
      [
        `GITHUB_EVENT_NAME=pull_request`,
        `GITHUB_EVENT_PATH=${join(dir, 'event.json')}`,
        `GITHUB_REPOSITORY=octo-org/shop`,
        `GITHUB_API_URL=${apiUrl}`,
        `GITHUB_WORKSPACE=${fixture.repo.dir}`,
        `RUNNER_TEMP=${dir}`,
        `INPUT_GITHUB-TOKEN=ghs_local_action`,
        `INPUT_ANTHROPIC-API-KEY=${anthropic.apiKey}`,
        `INPUT_ANTHROPIC-BASE-URL=${modelUrl}`,
        `INPUT_REQUEST-PACING=${LOCAL_PACING}`
      ].join('\n') + '\n'
    )
    output = await localAction(join(dir, '.env'), dir)
  }, 120_000)

  afterAll(async () => {
    await github.stop()
    await anthropic.stop()
    rmSync(dir, { recursive: true, force: true })
    fixture.repo.cleanup()
  })

  it('runs the action from source with .env inputs and publishes the review', () => {
    expect(
      output.code,
      output.stdout.slice(-3000) + output.stderr.slice(-2000)
    ).toBe(0)
    const pr = github.pull('octo-org', 'shop', 7)
    expect(pr.reviews).toHaveLength(1)
    expect(pr.reviews[0].comments[0].body).toContain(
      'SQL injection in findOrder'
    )
    expect(pr.issueComments).toHaveLength(1)
    expect([...new Set(github.violations)]).toEqual([])
  })

  it('warns, and does not fail, when there is no GITHUB_STEP_SUMMARY to write', () => {
    expect(output.stdout).toContain(
      '::warning::Could not write the job summary'
    )
  })
})

describe('npx @github/local-action with .env.example filled in', () => {
  it('reviews the pull request of pr-number as a dry run, to a successful end', async () => {
    const servers = localServers(12)
    const { github, anthropic, dir } = servers
    try {
      // What the README tells a user to do: copy .env.example, fill in what is theirs.
      const filled = fillEnv(
        readFileSync(resolve(ROOT, '.env.example'), 'utf8'),
        {
          GITHUB_REPOSITORY: 'octo-org/shop',
          'INPUT_PR-NUMBER': '12',
          GITHUB_API_URL: await github.start(),
          'INPUT_GITHUB-TOKEN': 'ghp_local_user',
          'INPUT_ANTHROPIC-API-KEY': anthropic.apiKey,
          'INPUT_ANTHROPIC-BASE-URL': await anthropic.start(),
          GITHUB_STEP_SUMMARY: join(dir, 'job-summary.md')
        }
      )
      // The local servers have no rate limits to pace for.
      writeFileSync(
        join(dir, '.env'),
        `${filled}\nINPUT_REQUEST-PACING=${LOCAL_PACING}\n`
      )
      const run = await localAction(join(dir, '.env'), dir)

      expect(run.code, run.stdout.slice(-3000) + run.stderr.slice(-2000)).toBe(
        0
      )
      expect(run.stdout).not.toMatch(
        /::error::|Unable to find environment variable/
      )
      const summary = readFileSync(join(dir, 'job-summary.md'), 'utf8')
      expect(summary).toContain('SQL injection in findOrder')
      expect(summary).toContain('Dry run: 1 inline comment(s) were not posted.')
      const pr = github.pull('octo-org', 'shop', 12)
      expect(pr.reviews).toHaveLength(0)
      expect(pr.issueComments).toHaveLength(0)
      expect(anthropic.calls.length).toBeGreaterThanOrEqual(5)
      expect([...new Set(github.violations)]).toEqual([])
    } finally {
      await servers.close()
    }
  }, 120_000)
})

describe('npx @github/local-action on an issue_comment', () => {
  it("reviews the pull request a collaborator's /architect-review comment asks for, with 👀 and 🚀", async () => {
    const servers = localServers(9)
    const { fixture, github, anthropic, dir } = servers
    github.permissions.set('octocat', 'write')
    try {
      const body = '/architect-review review security'
      const comment = github.addIssueComment('octo-org', 'shop', 9, body, {
        login: 'octocat',
        type: 'User'
      })
      const payload = webhookExample('issue_comment', 'created')
      Object.assign(payload.issue as object, {
        number: 9,
        pull_request: {
          url: 'https://api.github.com/repos/octo-org/shop/pulls/9'
        }
      })
      Object.assign(payload.comment as object, {
        id: comment.id,
        body,
        user: { ...(payload.comment as { user: object }).user, ...comment.user }
      })
      writeFileSync(join(dir, 'event.json'), JSON.stringify(payload))
      writeFileSync(
        join(dir, '.env'),
        [
          'GITHUB_EVENT_NAME=issue_comment',
          `GITHUB_EVENT_PATH=${join(dir, 'event.json')}`,
          'GITHUB_REPOSITORY=octo-org/shop',
          `GITHUB_API_URL=${await github.start()}`,
          `GITHUB_WORKSPACE=${fixture.repo.dir}`,
          `GITHUB_STEP_SUMMARY=${join(dir, 'job-summary.md')}`,
          `RUNNER_TEMP=${dir}`,
          'INPUT_GITHUB-TOKEN=ghs_local_action',
          `INPUT_ANTHROPIC-API-KEY=${anthropic.apiKey}`,
          `INPUT_ANTHROPIC-BASE-URL=${await anthropic.start()}`,
          `INPUT_REQUEST-PACING=${LOCAL_PACING}`
        ].join('\n') + '\n'
      )
      const run = await localAction(join(dir, '.env'), dir)
      expect(run.code, run.stdout.slice(-3000) + run.stderr.slice(-2000)).toBe(
        0
      )
      const pr = github.pull('octo-org', 'shop', 9)
      expect(pr.reviews).toHaveLength(1)
      expect(pr.reviews[0].comments[0].body).toContain(
        'SQL injection in findOrder'
      )
      // One pass: the command asked for the security area only.
      expect(anthropic.calls).toHaveLength(2) // the pass and its verification
      expect(github.reactions.map((r) => r.content)).toEqual(['eyes', 'rocket'])
      expect([...new Set(github.violations)]).toEqual([])
    } finally {
      await servers.close()
    }
  }, 120_000)
})

/** A served pull request `number` of a fresh fixture, the two local servers and a folder; `close` ends them all. */
function localServers(number: number) {
  const fixture = createReviewFixture()
  const github = new LocalGitHub()
  const anthropic = new LocalAnthropic((body) => ({
    content: [report(areaOf(body) === 'security' ? [sqlInjection] : [])]
  }))
  const dir = mkdtempSync(join(tmpdir(), 'architect-review-local-action-'))
  servePullRequest(github, fixture.repo, {
    owner: 'octo-org',
    repo: 'shop',
    number,
    baseSha: fixture.base,
    headSha: fixture.head
  })
  return {
    fixture,
    github,
    anthropic,
    dir,
    async close() {
      await github.stop()
      await anthropic.stop()
      rmSync(dir, { recursive: true, force: true })
      fixture.repo.cleanup()
    }
  }
}

/** .env text with the values of `values` put in place of the example's. */
function fillEnv(text: string, values: Record<string, string>): string {
  const missing = new Set(Object.keys(values))
  const lines = text.split('\n').map((line) => {
    const key = /^([A-Z_][A-Z0-9_-]*)=/.exec(line)?.[1]
    if (key === undefined || !(key in values)) return line
    missing.delete(key)
    return `${key}=${values[key]}`
  })
  if (missing.size > 0)
    throw new Error(`.env.example has no line for ${[...missing].join(', ')}`)
  return lines.join('\n')
}

/** `local-action . src/main.ts <env file>` from the repository root, as the README says. */
function localAction(
  envFile: string,
  home: string
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      resolve(ROOT, 'node_modules/.bin/local-action'),
      ['.', 'src/main.ts', envFile],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1' },
        maxBuffer: 32 * 1024 * 1024
      },
      (error, stdout, stderr) =>
        done({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr
        })
    )
  )
}
