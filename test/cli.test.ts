/** Tests for src/cli/cli-main.ts on real git repositories. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExitCode, main } from '../src/cli/cli-main.js'
import { createGitFixture } from './helpers/git-fixture.js'
import type { GitFixture } from './helpers/git-fixture.js'

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = ''
  let stderr = ''
  const code = await main(args, env, {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t)
  })
  return { code, stdout, stderr }
}

describe('architect-review CLI', () => {
  let repo: GitFixture

  beforeAll(() => {
    repo = createGitFixture()
    repo.write('src/orders.ts', 'export const orders = []\n')
    repo.write('.gitattributes', 'src/gen/** linguist-generated\n')
    repo.commit('base')
    repo.git('checkout', '-q', '-b', 'feature')
    repo.write(
      'src/orders.ts',
      'export const orders = []\nexport function add(o) {\n  orders.push(o)\n}\n'
    )
    repo.write('src/gen/client.ts', 'export {}\n')
    repo.write('yarn.lock', '# lock\n')
    repo.commit('feature work')
  })

  afterAll(() => repo.cleanup())

  it('prints the plan and cost estimate of the branch against the default branch without an API key', async () => {
    const { code, stdout, stderr } = await cli(['--repo', repo.dir])
    expect(stderr).toBe('')
    expect(code).toBe(ExitCode.Ok)
    expect(stdout).toContain('## architect-review plan: main...HEAD')
    expect(stdout).toMatch(/\| unit-1 \| `src\/orders.ts` \|/)
    expect(stdout).toMatch(/`src\/gen\/client.ts` \| marked linguist-generated/)
    expect(stdout).toMatch(/`yarn.lock` \| lockfile/)
    expect(stdout).toMatch(/≈\$\d+\.\d\d/)
    expect(stdout).toContain('Set ANTHROPIC_API_KEY to run the review')
  })

  it('emits the plan as JSON with --format json and honours --base/--head/--areas', async () => {
    const { code, stdout } = await cli([
      '--repo',
      repo.dir,
      '--base',
      'main',
      '--head',
      'feature',
      '--format',
      'json',
      '--areas',
      'security'
    ])
    expect(code).toBe(ExitCode.Ok)
    const plan = JSON.parse(stdout)
    expect(plan.head).toBe(repo.git('rev-parse', 'feature').trim())
    expect(plan.base).toBe(repo.git('rev-parse', 'main').trim())
    expect(plan.areas).toEqual(['security'])
    expect(plan.estimate.passes).toBe(1)
    expect(plan.units[0].files).toEqual([{ path: 'src/orders.ts', hunks: 1 }])
    expect(plan.skipped.map((s: { path: string }) => s.path).sort()).toEqual([
      'src/gen/client.ts',
      'yarn.lock'
    ])
  })

  it('exits 2 with a clear message for an unknown ref', async () => {
    const { code, stderr } = await cli([
      '--repo',
      repo.dir,
      '--base',
      'no-such-branch'
    ])
    expect(code).toBe(ExitCode.Usage)
    expect(stderr).toContain("Unknown git ref 'no-such-branch'")
  })

  it('exits 2 outside a git repository', async () => {
    const outside = createGitFixture()
    outside.git('rev-parse', '--git-dir')
    const { rmSync } = await import('node:fs')
    rmSync(`${outside.dir}/.git`, { recursive: true, force: true })
    try {
      const { code, stderr } = await cli(['--repo', outside.dir])
      expect(code).toBe(ExitCode.Usage)
      expect(stderr).toContain('is not inside a git repository')
    } finally {
      outside.cleanup()
    }
  })

  it('exits 2 on bad flags and bad values, naming them', async () => {
    expect((await cli(['--bogus'])).code).toBe(ExitCode.Usage)
    const bad = await cli(['--repo', repo.dir, '--max-files', 'x'])
    expect(bad.code).toBe(ExitCode.Usage)
    expect(bad.stderr).toContain(
      "Input 'max-files' must be a positive whole number"
    )
    expect((await cli(['--format', 'xml'])).stderr).toContain(
      '--format must be md or json'
    )
  })

  it('prints usage with --help', async () => {
    const { code, stdout } = await cli(['--help'])
    expect(code).toBe(ExitCode.Ok)
    expect(stdout).toContain('Usage: architect-review')
  })
})

describe('architect-review CLI with an API key', () => {
  it('runs the review against the Messages API and prints findings as markdown or JSON', async () => {
    const { createReviewFixture, report, sqlInjection, areaOf } =
      await import('./helpers/review-fixture.js')
    const { LocalAnthropic } = await import('./helpers/anthropic-server.js')
    const fixture = createReviewFixture()
    const server = new LocalAnthropic((body) => ({
      content: [report(areaOf(body) === 'security' ? [sqlInjection] : [])]
    }))
    const url = await server.start()
    try {
      fixture.repo.git('branch', 'base-branch', fixture.base)
      const env = { ANTHROPIC_API_KEY: server.apiKey, ANTHROPIC_BASE_URL: url }
      const md = await cli(
        ['--repo', fixture.repo.dir, '--base', 'base-branch'],
        env
      )
      expect(md.code).toBe(ExitCode.Ok)
      expect(md.stdout).toContain('## architect-review findings')
      expect(md.stdout).toMatch(
        /\| critical \| security \| `src\/orders.ts:5` \|/
      )
      expect(md.stderr).toContain('unit-1 security: complete')

      const json = await cli(
        [
          '--repo',
          fixture.repo.dir,
          '--base',
          'base-branch',
          '--format',
          'json',
          '--areas',
          'security'
        ],
        env
      )
      const document = JSON.parse(json.stdout)
      expect(document.findings).toHaveLength(1)
      expect(document.passes.map((p: { area: string }) => p.area)).toEqual([
        'security'
      ])
      expect(server.rejected).toEqual([])
    } finally {
      await server.stop()
      fixture.repo.cleanup()
    }
  })
})
