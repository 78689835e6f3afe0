/**
 * The built CLI as a developer runs it before pushing: `node
 * bin/architect-review.js` in a repository, against the local Messages API,
 * with stdout and stderr as pipes (and once as a terminal).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import { CLI, runBuiltCli, runShell } from './helpers/cli-runner.js'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'
import {
  createReviewFixture,
  ORDERS_HEAD,
  sqlInjection
} from './helpers/review-fixture.js'
import { areaOf, report } from '../dev/review-script.js'
import type { ReviewFixture } from './helpers/review-fixture.js'

const ROOT = resolve(import.meta.dirname, '..')

describe('the built CLI against the Messages API', () => {
  let fixture: ReviewFixture
  let anthropic: LocalAnthropic
  let env: Record<string, string>
  /** Areas whose passes the server fails with a 400 no retry can fix. */
  const failing = new Set<string>()

  beforeAll(async () => {
    fixture = createReviewFixture()
    fixture.repo.git('branch', 'base-branch', fixture.base)
    anthropic = new LocalAnthropic((body) => {
      const area = areaOf(body)
      if (failing.has(area))
        return {
          error: {
            status: 400,
            type: 'invalid_request_error',
            message: `the ${area} pass is refused by this test`
          }
        }
      return { content: [report(area === 'security' ? [sqlInjection] : [])] }
    })
    env = {
      ANTHROPIC_API_KEY: anthropic.apiKey,
      ANTHROPIC_BASE_URL: await anthropic.start()
    }
  })

  afterAll(async () => {
    await anthropic.stop()
    fixture.repo.cleanup()
  })

  const review = (...args: string[]) =>
    // --full: each test reviews again, whatever an earlier test's review left in .git.
    runBuiltCli(
      ['--base', 'base-branch', '--verify', 'none', '--full', ...args],
      {
        env,
        cwd: fixture.repo.dir
      }
    )

  it('gates: exit 0 without --fail-on, 1 when a finding trips it, naming the finding', async () => {
    const open = await review()
    expect(open.code, open.stderr).toBe(0)
    // No pull request: no column saying where a finding was shown; the plan first.
    expect(open.stdout).not.toContain('Shown')
    expect(open.stdout.indexOf('## architect-review plan')).toBeLessThan(
      open.stdout.indexOf('## architect-review findings')
    )
    expect(open.stdout).toMatch(
      /\| critical \| security \| `src\/orders.ts:5` \|/
    )

    const tripped = await review('--fail-on', 'high')
    expect(tripped.code).toBe(1)
    expect(tripped.stderr).toContain('fail-on: high — 1 open finding(s)')
    expect(tripped.stderr).toContain(
      'src/orders.ts:5 SQL injection in findOrder'
    )

    const below = await review('--fail-on', 'high', '--areas', 'api,database')
    expect(below.code, below.stderr).toBe(0)
  })

  it('exits 1 when a pass did not complete, naming it, and never says "No findings"', async () => {
    failing.add('performance')
    try {
      const result = await review()
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/unit-1 performance: failed/)
      expect(result.stdout).not.toContain('No findings')
      expect(result.stdout).toContain('SQL injection in findOrder')
    } finally {
      failing.clear()
    }
  })

  it('reports progress on stderr as plain lines and keeps stdout pure JSON', async () => {
    const result = await review('--format', 'json')
    expect(result.code, result.stderr).toBe(0)
    const document = JSON.parse(result.stdout)
    expect(document.findings).toHaveLength(1)
    const lines = result.stderr.trimEnd().split('\n')
    expect(lines.every((l) => l.startsWith('architect-review: '))).toBe(true)
    expect(result.stderr).not.toContain('\x1b')
    expect(lines[0]).toMatch(
      /^architect-review: base-branch\.\.\.HEAD: 2 file\(s\) in 1 unit\(s\) × 5 area\(s\) with claude-sonnet-5-5, estimated ≈\$\d+\.\d\d; 0 file\(s\) skipped\.$/
    )
    expect(lines[1]).toBe(
      'architect-review: Reviewing 5 passes: full review (incremental is off).'
    )
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^architect-review: unit-1: [\d,]+ tokens of context/
      )
    )
    for (const area of [
      'api',
      'database',
      'system',
      'security',
      'performance'
    ]) {
      expect(lines).toContain(`architect-review: unit-1 ${area}: started.`)
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^architect-review: unit-1 ${area}: complete, 1 turn, ${area === 'security' ? 1 : 0} findings? · \\d/5 passes, [\\d,]+ tokens, \\$\\d+\\.\\d{4} so far\\.$`
          )
        )
      )
    }
    expect(lines.at(-1)).toMatch(/5\/5 passes/)
  })

  it('prints SARIF with --format sarif', async () => {
    const result = await review('--format', 'sarif', '--quiet')
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const sarif = JSON.parse(result.stdout)
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results).toHaveLength(1)
    expect(
      sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation
        .uri
    ).toBe('src/orders.ts')
  })

  it('spreads the review over shards and merges them to the single run’s findings', async () => {
    const single = JSON.parse((await review('--format', 'json')).stdout)
    const shared = ['--passes-per-shard', '3', '--quiet']
    for (const shard of ['1/2', '2/2']) {
      const result = await review(
        '--shard',
        shard,
        '--shard-file',
        `shard-${shard.replace('/', '-of-')}.json`,
        ...shared
      )
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toBe('')
    }
    const calls = anthropic.calls.length
    const merged = await review(
      '--merge-from',
      'shard-*.json',
      '--format',
      'json',
      ...shared
    )
    expect(merged.code, merged.stderr).toBe(0)
    expect(anthropic.calls.length).toBe(calls)
    const document = JSON.parse(merged.stdout)
    const brief = (d: { findings: Array<Record<string, unknown>> }) =>
      d.findings.map((f) => [f.fingerprint, f.path, f.severity, f.title])
    expect(brief(document)).toEqual(brief(single))
    expect(document.passes).toHaveLength(5)
  })

  it('ends quietly with exit 0 when the reader of stdout goes away (| head -1)', async () => {
    const result = await runShell(
      'set -o pipefail; $CLI --base base-branch --verify none --full | head -1',
      { env, cwd: fixture.repo.dir }
    )
    expect(result.code, result.stderr).toBe(0)
    // The plan comes first, then the findings.
    expect(result.stdout).toBe('## architect-review plan: base-branch...HEAD\n')
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /)
  })

  it('a mistyped model: a warning with the known models when planning; with a key, the Models API refuses it before anything is paid', async () => {
    const planned = await review('--model', 'claude-sonet-4', '--plan')
    expect(planned.code, planned.stderr).toBe(0)
    expect(planned.stderr).toContain(
      "architect-review: warning: Model 'claude-sonet-4' has no known price: the plan cannot estimate its cost and max-cost-usd cannot cap it. Check the name. Known models ($ per million input/output tokens): claude-opus-5-5 $4/$20, claude-sonnet-5-5 $2/$10"
    )
    const calls = anthropic.calls.length
    const refused = await review('--model', 'claude-sonet-4')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(
      "architect-review: The Models API does not know the model 'claude-sonet-4' (404). Known models"
    )
    expect(refused.stderr).toContain("Check --model (or the agent's model)")
    expect(anthropic.calls.length).toBe(calls)
    expect(anthropic.modelLookups.at(-1)).toBe('claude-sonet-4')
  })

  it('--show-context prints what the reviewer would be shown, with why, without a key', async () => {
    const repo = createGitFixture()
    try {
      repo.write('src/db.ts', 'export const db = { query: (sql) => sql }\n')
      repo.write('src/orders.ts', "import { db } from './db.js'\n")
      repo.git('branch', 'base-branch', repo.commit('base'))
      repo.write('src/orders.ts', ORDERS_HEAD)
      repo.commit('orders')
      const md = await runBuiltCli(
        ['--base', 'base-branch', '--show-context'],
        {
          cwd: repo.dir
        }
      )
      expect(md.code, md.stderr).toBe(0)
      expect(md.stdout).toMatch(/^## unit-1 context: ≈\d+ tokens\n/)
      expect(md.stdout).toContain(
        '- src/db.ts (whole file, 1 line): constant db (lines 1-1), used at src/orders.ts:5'
      )
      expect(md.stdout).toContain('### Left out for lack of room')
      const json = await runBuiltCli(
        ['--base', 'base-branch', '--show-context', '--format', 'json'],
        { cwd: repo.dir }
      )
      const [unit] = JSON.parse(json.stdout) as Array<{
        unit: string
        included: string[]
        text: string
      }>
      expect(unit.unit).toBe('unit-1')
      expect(unit.included).toContain(
        'src/db.ts (whole file, 1 line): constant db (lines 1-1), used at src/orders.ts:5'
      )
      expect(unit.text).toContain('export const db')
    } finally {
      repo.cleanup()
    }
  })

  it('says how to fix a rejected key in its own terms', async () => {
    const result = await runBuiltCli(['--base', 'base-branch', '--full'], {
      env: { ...env, ANTHROPIC_API_KEY: 'sk-ant-wrong' },
      cwd: fixture.repo.dir
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'architect-review: The Anthropic API rejected the API key (401). Check ANTHROPIC_API_KEY'
    )
    expect(result.stderr).not.toContain('anthropic-api-key')
  })

  it('draws a live status line when stderr is a terminal', async () => {
    const command = `${process.execPath} ${CLI} --base base-branch --verify none --full --areas security,api --format json > out.json`
    // script(1) gives the CLI a pseudo-terminal for stderr.
    const screen = await new Promise<string>((done, fail) =>
      execFile(
        'script',
        ['-qfec', command, '/dev/null'],
        {
          cwd: fixture.repo.dir,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            TERM: 'xterm',
            ...env
          }
        },
        (error, stdout) => (error ? fail(error) : done(stdout))
      )
    )
    expect(screen).toContain('\r\x1b[2K')
    expect(screen).toContain(
      '\r\x1b[2Karchitect-review: unit-1 security: complete'
    )
    expect(screen).not.toContain('started.')
    expect(screen.endsWith('\r\x1b[2K')).toBe(true)
    const { readFileSync } = await import('node:fs')
    expect(
      JSON.parse(readFileSync(`${fixture.repo.dir}/out.json`, 'utf8')).findings
    ).toHaveLength(1)
  })
})

describe('the built CLI without an API key', () => {
  let repo: GitFixture

  beforeAll(() => {
    repo = createGitFixture()
    repo.write('README.md', '# service\n')
    repo.commit('base')
    repo.git('checkout', '-q', '-b', 'feature')
    // Enough files that the JSON plan outgrows a pipe's buffer.
    for (let i = 0; i < 2_000; i++)
      repo.write(
        `src/handlers/handler-${String(i).padStart(4, '0')}.ts`,
        `export const handler${i} = () => ${i}\n`
      )
    repo.commit('many handlers')
  })

  afterAll(() => repo.cleanup())

  it('prints the plan and says how to run the review, exit 0', async () => {
    const result = await runBuiltCli([
      '--repo',
      repo.dir,
      '--max-files',
      '3000'
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('## architect-review plan: main...HEAD')
    expect(result.stdout).toContain('Set ANTHROPIC_API_KEY to run the review')
    expect(result.stderr).toBe('')
  })

  it('ends quietly with exit 0 when | head -1 closes a large output', async () => {
    const sizes = await runBuiltCli([
      '--repo',
      repo.dir,
      '--max-files',
      '3000',
      '--format',
      'json'
    ])
    expect(sizes.stdout.length).toBeGreaterThan(128 * 1024)
    const result = await runShell(
      `set -o pipefail; $CLI --repo ${repo.dir} --max-files 3000 --format json | head -1`
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe('{\n')
    expect(result.stderr).toBe('')
  })

  it('says there is nothing to review for an empty range', async () => {
    const result = await runBuiltCli(['--repo', repo.dir, '--base', 'feature'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      'Nothing to review: feature...HEAD changes no files.\n'
    )
  })

  it.each([
    [
      ['--bogus'],
      "architect-review: Unknown option '--bogus'. Run architect-review --help for the options.\n"
    ],
    [
      ['--max-files', 'lots'],
      "architect-review: --max-files must be a positive whole number, got 'lots'. Example: --max-files 300\n"
    ],
    [
      ['--fail-on', 'sometimes'],
      "architect-review: --fail-on must be one of none, critical, high, medium, low, info, got 'sometimes'. Example: --fail-on critical\n"
    ],
    [
      ['--format', 'xml'],
      "architect-review: --format must be one of md, json, sarif, got 'xml'.\n"
    ],
    [
      ['--base', 'nope'],
      "architect-review: --base: Unknown git ref 'nope'. Check the name with 'git rev-parse nope'.\n"
    ],
    [
      ['--repo', '/does/not/exist'],
      'architect-review: --repo /does/not/exist: no such directory. Pass the path of a git checkout.\n'
    ]
  ])('exits 2 on %j with one line naming the flag', async (args, message) => {
    const result = await runBuiltCli(
      args.includes('--repo') ? args : ['--repo', repo.dir, ...args]
    )
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(message)
  })

  it('installs from a clone with npm link, as the README says, and runs as architect-review', async () => {
    const prefix = mkdtempSync(join(tmpdir(), 'architect-review-prefix-'))
    try {
      const link = await runShell('npm link --no-audit --no-fund', {
        cwd: ROOT,
        env: { npm_config_prefix: prefix }
      })
      expect(link.code, link.stderr).toBe(0)
      const result = await runShell('architect-review --plan --format json', {
        cwd: repo.dir,
        env: { PATH: `${join(prefix, 'bin')}:${process.env.PATH}` }
      })
      expect(result.code, result.stderr).toBe(0)
      expect(JSON.parse(result.stdout).totalFiles).toBe(2_000)
    } finally {
      rmSync(prefix, { recursive: true, force: true })
    }
  })

  it('pipes clean JSON through jq from npm run -s review, as the README says', async () => {
    const result = await runShell(
      `set -o pipefail; npm run -s review -- --repo '${repo.dir}' --plan --format json | jq -e .totalFiles`,
      { cwd: ROOT }
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe('2000\n')
  })

  it('prints its version and every option', async () => {
    const version = await runBuiltCli(['--version'])
    expect(version.stdout).toMatch(/^architect-review \d+\.\d+\.\d+\n$/)
    const help = await runBuiltCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--max-context-tokens')
    expect(help.stdout).toContain('--fail-on')
  })
})
