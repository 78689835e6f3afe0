/** Tests for src/benchmark/pr-sources.ts: base and head read once from a PR through GitHub's API (a local server speaking it), kept in the results folder. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveCommits } from '../src/benchmark/pr-sources.js'
import type { BenchmarkCase } from '../src/benchmark/benchmark-sets.js'

describe('resolveCommits', () => {
  const requests: Array<{ url?: string; authorization?: string }> = []
  const server = createServer((request, response) => {
    requests.push({
      url: request.url,
      authorization: request.headers.authorization
    })
    if (request.url === '/repos/getsentry/sentry/pulls/404') {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"message":"Not Found"}')
      return
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        number: 1,
        base: { sha: 'b'.repeat(40) },
        head: { sha: 'c'.repeat(40) }
      })
    )
  })
  let apiUrl = ''
  const root = mkdtempSync(join(tmpdir(), 'architect-review-resolve-'))
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.close()
    rmSync(root, { recursive: true, force: true })
  })
  const pull = (
    repo: string,
    number: number,
    commits?: { base: string; head: string }
  ): BenchmarkCase => ({
    id: `${repo}#${number}`,
    title: 't',
    url: `https://github.com/${repo}/pull/${number}`,
    repo,
    number,
    language: 'Python',
    labels: [],
    ...commits
  })

  it('asks the API once per PR the set gives no commits for, with the token, and keeps the answer for the next run', async () => {
    // Only this test's requests and results: tests run in any order.
    requests.length = 0
    const resultsDir = mkdtempSync(join(root, 'results-'))
    const options = {
      cacheDir: resultsDir,
      resultsDir,
      gitUrl: '',
      apiUrl,
      token: 'ghp_test'
    }
    const cases = [
      pull('ai-code-review-evaluation/sentry-greptile', 1),
      pull('o/aacr', 2, { base: 'd'.repeat(40), head: 'e'.repeat(40) })
    ]
    const first = await resolveCommits(cases, options)
    expect(first.get('ai-code-review-evaluation/sentry-greptile#1')).toEqual({
      base: 'b'.repeat(40),
      head: 'c'.repeat(40)
    })
    expect(first.get('o/aacr#2')).toEqual({
      base: 'd'.repeat(40),
      head: 'e'.repeat(40)
    })
    expect(requests).toEqual([
      {
        url: '/repos/ai-code-review-evaluation/sentry-greptile/pulls/1',
        authorization: 'Bearer ghp_test'
      }
    ])
    expect(
      JSON.parse(readFileSync(join(resultsDir, 'resolved.json'), 'utf8'))
    ).toEqual({
      'ai-code-review-evaluation/sentry-greptile#1': {
        base: 'b'.repeat(40),
        head: 'c'.repeat(40)
      }
    })
    await resolveCommits(cases, options)
    expect(requests).toHaveLength(1)
  })

  it('says which PR the API refused; that PR fails alone', async () => {
    const resultsDir = mkdtempSync(join(root, 'results-'))
    const resolved = await resolveCommits([pull('getsentry/sentry', 404)], {
      cacheDir: resultsDir,
      resultsDir,
      gitUrl: '',
      apiUrl
    })
    expect(resolved.get('getsentry/sentry#404')).toEqual({
      error:
        'The GitHub API answered 404 for https://github.com/getsentry/sentry/pull/404.'
    })
  })
})
