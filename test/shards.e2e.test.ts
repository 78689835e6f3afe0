/**
 * A review spread over a matrix of jobs, end to end through `node
 * dist/index.js`: a plan run sizes the matrix, three shard runs each make
 * their share of the passes and publish nothing, and one merge run
 * publishes exactly what a single runner would have.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runAction } from './helpers/action-runner.js'
import type { ActionRun } from './helpers/action-runner.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import type { MessagesBody } from '../dev/anthropic-server.js'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'
import { LocalGitHub } from '../dev/github-server.js'
import { servePullRequest } from '../dev/pull-request-fixture.js'
import { areaOf, report } from '../dev/review-script.js'

const OWNER = 'octo-org'
const REPO = 'shop'
const MODULES = 7

/** A handler module big enough to fill a unit of max-diff-tokens 1000 alone. */
function moduleSource(n: number): string {
  const lines = [`import { db } from './db.js'`, '']
  for (let i = 0; i < 12; i++)
    lines.push(
      `export async function handler${n}_${i}(req, res) {`,
      `  const rows = await db.query('SELECT * FROM table_${n} WHERE id = ' + req.params.id${i})`,
      `  res.json({ rows, page: ${i}, module: 'module-${n}' })`,
      '}'
    )
  return `${lines.join('\n')}\n`
}

/** The text of a request's first user message: the unit's prefix. */
function prefixOf(body: MessagesBody): string {
  const first = body.messages[0].content
  return typeof first === 'string'
    ? first
    : first.map((b) => String(b.text ?? '')).join('\n')
}

describe('a review sharded over three jobs', () => {
  let repo: GitFixture
  let base: string
  let head: string
  let anthropic: LocalAnthropic
  let modelUrl: string
  let dir: string
  const servers: LocalGitHub[] = []

  /** One answer per (unit, area): security finds the injection in src/mod-3.ts, whichever job asks. */
  const answer = (body: MessagesBody) => {
    const area = areaOf(body)
    const prefix = prefixOf(body)
    const findings =
      area === 'security' && prefix.includes('src/mod-3.ts')
        ? [
            {
              area: 'security',
              severity: 'critical',
              confidence: 0.9,
              path: 'src/mod-3.ts',
              line: 4,
              title: 'SQL injection in handler3_0',
              problem: 'req.params.id0 is concatenated into SQL.',
              recommendation: 'Use a parameterized query.',
              evidence:
                "  const rows = await db.query('SELECT * FROM table_3 WHERE id = ' + req.params.id0)"
            }
          ]
        : []
    return { content: [report(findings)] }
  }

  const pullRequest = async () => {
    const github = new LocalGitHub()
    servers.push(github)
    const apiUrl = await github.start()
    const payload = servePullRequest(github, repo, {
      owner: OWNER,
      repo: REPO,
      number: 7,
      baseSha: base,
      headSha: head
    })
    return { github, apiUrl, payload }
  }
  const run = (
    pr: Awaited<ReturnType<typeof pullRequest>>,
    inputs: Record<string, string>,
    env: Record<string, string> = {}
  ): Promise<ActionRun> =>
    runAction({
      eventName: 'pull_request',
      payload: pr.payload,
      repository: `${OWNER}/${REPO}`,
      apiUrl: pr.apiUrl,
      workspace: repo.dir,
      env,
      inputs: {
        'github-token': 'ghs_x',
        'anthropic-api-key': anthropic.apiKey,
        'anthropic-base-url': modelUrl,
        'max-diff-tokens': '1000',
        'passes-per-shard': '15',
        verify: 'none',
        ...inputs
      }
    })
  /** The shard runs, each writing its file into `into`; the model calls each made. */
  const shardRuns = async (
    pr: Awaited<ReturnType<typeof pullRequest>>,
    matrix: string[],
    into: string,
    inputs: Record<string, string> = {}
  ) => {
    const calls: string[][] = []
    for (const shard of matrix) {
      anthropic.calls.length = 0
      const temp = mkdtempSync(join(tmpdir(), 'architect-review-shard-'))
      const result = await run(pr, { ...inputs, shard }, { RUNNER_TEMP: temp })
      expect(result.exitCode, result.stdout.slice(-2000)).toBe(0)
      const file = result.outputs['shard-file']
      writeFileSync(
        join(into, `shard-${shard.replace('/', '-of-')}.json`),
        readFileSync(file)
      )
      rmSync(temp, { recursive: true, force: true })
      calls.push(
        anthropic.calls.map((c) => `${unitOf(c.body)} ${areaOf(c.body)}`)
      )
    }
    return calls
  }
  const unitOf = (body: MessagesBody): string =>
    /src\/mod-\d\.ts/.exec(prefixOf(body))?.[0] ?? '?'

  afterEach(() => {
    for (const github of servers) expect(github.takeViolations()).toEqual([])
  })

  beforeAll(async () => {
    repo = createGitFixture()
    repo.write('src/db.ts', 'export const db = { query: (sql) => sql }\n')
    base = repo.commit('base')
    for (let n = 1; n <= MODULES; n++)
      repo.write(`src/mod-${n}.ts`, moduleSource(n))
    head = repo.commit('seven handler modules')
    anthropic = new LocalAnthropic(answer)
    modelUrl = await anthropic.start()
    dir = mkdtempSync(join(tmpdir(), 'architect-review-shards-'))
  })

  afterAll(async () => {
    await Promise.all(servers.map((g) => g.stop()))
    await anthropic.stop()
    rmSync(dir, { recursive: true, force: true })
    repo.cleanup()
  })

  it('plans 3 shards, runs each pass once across them, and merges to what one runner publishes', async () => {
    // One runner.
    const single = await pullRequest()
    anthropic.calls.length = 0
    const alone = await run(single, {})
    expect(alone.exitCode, alone.stdout.slice(-2000)).toBe(0)
    const singleCalls = anthropic.calls.length
    expect(Number(alone.outputs['review-units'])).toBeGreaterThanOrEqual(6)

    // Plan: no key needed, dry-run.
    const sharded = await pullRequest()
    const plan = await run(sharded, {
      'anthropic-api-key': '',
      'dry-run': 'true'
    })
    const matrix = JSON.parse(plan.outputs['shard-matrix']).shard as string[]
    expect(matrix).toEqual(['1/3', '2/3', '3/3'])

    // Shards: each pass exactly once over the three, nothing published.
    const into = join(dir, 'all')
    rmSync(into, { recursive: true, force: true })
    const { mkdirSync } = await import('node:fs')
    mkdirSync(into)
    const calls = await shardRuns(sharded, matrix, into)
    const all = calls.flat()
    expect(all).toHaveLength(singleCalls)
    expect(new Set(all).size).toBe(all.length)
    expect(calls.every((c) => c.length > 0)).toBe(true)
    expect(sharded.github.writes).toEqual([])

    // Merge: one review, one summary, the single runner's findings and comments.
    anthropic.calls.length = 0
    const merged = await run(sharded, { 'merge-from': into })
    expect(merged.exitCode, merged.stdout.slice(-2000)).toBe(0)
    expect(anthropic.calls).toHaveLength(0)
    const [a, b] = [single, sharded].map((pr) => pr.github.pull(OWNER, REPO, 7))
    expect(b.reviews).toHaveLength(1)
    expect(b.issueComments).toHaveLength(1)
    expect(b.reviews[0].comments.map((c) => [c.path, c.line, c.body])).toEqual(
      a.reviews[0].comments.map((c) => [c.path, c.line, c.body])
    )
    const comparable = (body: string) =>
      body
        .split('\n')
        .filter(
          (l) =>
            !l.startsWith('<sub>') &&
            // The run's figures differ by how it ran (one runner, or shards merged).
            !/^- (Scope|Model|Tokens|Cost): /.test(l) &&
            !l.startsWith('<!-- architect-review:state')
        )
        .join('\n')
    expect(comparable(b.issueComments[0].body)).toBe(
      comparable(a.issueComments[0].body)
    )
    const findings = (r: ActionRun) =>
      (JSON.parse(r.outputs.findings) as Array<Record<string, unknown>>).map(
        (f) => [f.fingerprint, f.path, f.line, f.severity, f.status]
      )
    expect(findings(merged)).toEqual(findings(alone))
    expect(merged.outputs.critical).toBe('1')
  })

  it('a static matrix of 3 where the plan would size 2: each pass once across the three, and the merge equals one runner', async () => {
    const inputs = { 'passes-per-shard': '20' }
    const single = await pullRequest()
    anthropic.calls.length = 0
    const alone = await run(single, inputs)
    expect(alone.exitCode, alone.stdout.slice(-2000)).toBe(0)
    const singleCalls = anthropic.calls.length

    const sharded = await pullRequest()
    const plan = await run(sharded, {
      ...inputs,
      'anthropic-api-key': '',
      'dry-run': 'true'
    })
    expect(JSON.parse(plan.outputs['shard-matrix']).shard).toEqual([
      '1/2',
      '2/2'
    ])
    const into = join(dir, 'static-3')
    rmSync(into, { recursive: true, force: true })
    const { mkdirSync } = await import('node:fs')
    mkdirSync(into)
    const calls = await shardRuns(sharded, ['1/3', '2/3', '3/3'], into, inputs)
    const all = calls.flat()
    expect(all).toHaveLength(singleCalls)
    expect(new Set(all).size).toBe(all.length)
    expect(calls.every((c) => c.length > 0)).toBe(true)

    anthropic.calls.length = 0
    const merged = await run(sharded, { ...inputs, 'merge-from': into })
    expect(merged.exitCode, merged.stdout.slice(-2000)).toBe(0)
    expect(anthropic.calls).toHaveLength(0)
    const findings = (r: ActionRun) =>
      (JSON.parse(r.outputs.findings) as Array<Record<string, unknown>>).map(
        (f) => [f.fingerprint, f.path, f.line, f.severity, f.status]
      )
    expect(findings(merged)).toEqual(findings(alone))
    const [a, b] = [single, sharded].map((pr) => pr.github.pull(OWNER, REPO, 7))
    expect(b.reviews[0].comments.map((c) => [c.path, c.line, c.body])).toEqual(
      a.reviews[0].comments.map((c) => [c.path, c.line, c.body])
    )
  })

  it('names the passes of a shard that delivered no file as not run, and the next run reviews them', async () => {
    const pr = await pullRequest()
    const into = join(dir, 'two')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(into, { recursive: true })
    const delivered = (await shardRuns(pr, ['1/3', '3/3'], into)).flat()
    const merged = await run(pr, { 'merge-from': into, 'fail-on': 'critical' })
    expect(merged.exitCode).toBe(1)
    expect(merged.stdout).toMatch(/not run: shard 2\/3 delivered no file/)
    const summary = pr.github.pull(OWNER, REPO, 7).issueComments[0].body
    expect(summary).toMatch(
      /\| not-run \| not run: shard 2\/3 delivered no file \|/
    )
    expect(summary).not.toContain('No findings')

    // The next run on the same head makes exactly the passes shard 2 owed.
    anthropic.calls.length = 0
    const next = await run(pr, {})
    expect(next.exitCode, next.stdout.slice(-2000)).toBe(0)
    const made = anthropic.calls.map(
      (c) => `${unitOf(c.body)} ${areaOf(c.body)}`
    )
    expect(made.length).toBe(MODULES * 5 - delivered.length)
    expect(made.filter((pass) => delivered.includes(pass))).toEqual([])
    expect(next.stdout).not.toMatch(/pass\(es\) did not complete/)
  })

  it('refuses a shard file of another head, naming it', async () => {
    const pr = await pullRequest()
    const into = join(dir, 'stale')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(into, { recursive: true })
    await shardRuns(pr, ['1/3'], into)
    const path = join(into, 'shard-1-of-3.json')
    const file = JSON.parse(readFileSync(path, 'utf8'))
    file.head = 'f'.repeat(40)
    writeFileSync(path, JSON.stringify(file))
    const merged = await run(pr, { 'merge-from': into })
    expect(merged.exitCode).toBe(1)
    expect(merged.stdout).toContain(
      `::error::Configuration error: ${join(into, 'shard-1-of-3.json')} is shard 1/3 of head ffffffffffff, but this run reviews ${head.slice(0, 12)}`
    )
    expect(pr.github.pull(OWNER, REPO, 7).reviews).toHaveLength(0)
  })
})
