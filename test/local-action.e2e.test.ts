/**
 * The second way users run the action: GitHub's own local runner,
 * `npx @github/local-action . src/main.ts .env`, with the inputs in a .env
 * file, against the local GitHub and Messages API servers.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalAnthropic } from './helpers/anthropic-server.js'
import { LocalGitHub } from './helpers/github-server.js'
import { servePullRequest } from './helpers/pull-request-fixture.js'
import {
  areaOf,
  createReviewFixture,
  report,
  sqlInjection
} from './helpers/review-fixture.js'
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
        `INPUT_ANTHROPIC-BASE-URL=${modelUrl}`
      ].join('\n') + '\n'
    )
    output = await new Promise((done) =>
      execFile(
        resolve(ROOT, 'node_modules/.bin/local-action'),
        ['.', 'src/main.ts', join(dir, '.env')],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1' },
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
})
