/** Tests for src/cli/cli-main.ts on real git repositories. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExitCode, main } from '../src/cli/cli-main.js'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'

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

  it('fails closed when --fail-on asks for a gate and there is no key to review with; --plan asks for none', async () => {
    const gated = await cli(['--repo', repo.dir, '--fail-on', 'high'])
    expect(gated.code).toBe(ExitCode.Failure)
    expect(gated.stdout).toContain('## architect-review plan: main...HEAD')
    expect(gated.stderr).toBe(
      "architect-review: --fail-on high cannot pass a review that did not run: set ANTHROPIC_API_KEY (or a provider's credentials) to review, or pass --plan for the plan alone.\n"
    )
    const plan = await cli(['--repo', repo.dir, '--fail-on', 'high', '--plan'])
    expect(plan.code).toBe(ExitCode.Ok)
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

  it('plans the same range the same way under any git config (context, relative, prefixes, textconv, renames, order)', async () => {
    const fixture = createGitFixture()
    try {
      const lines = (n: number, edit?: number[]): string =>
        Array.from({ length: n }, (_, i) =>
          edit?.includes(i + 1) ? `changed ${i + 1}` : `line ${i + 1}`
        ).join('\n') + '\n'
      fixture.write('service/api/handlers.go', lines(100))
      fixture.write('service/store/users.go', lines(40))
      fixture.write('web/app.ts', lines(30))
      const base = fixture.commit('base')
      fixture.write('service/api/handlers.go', lines(100, [20, 26, 60]))
      fixture.move('service/store/users.go', 'service/store/accounts.go')
      fixture.write('web/app.ts', lines(30, [1]))
      fixture.write('service/api/empty-lines.go', 'a\n\n\nb\n')
      fixture.commit('feature')
      const plan = async (): Promise<unknown> => {
        const { code, stdout, stderr } = await cli([
          '--repo',
          `${fixture.dir}/service`,
          '--base',
          base,
          '--format',
          'json'
        ])
        expect(code, stderr).toBe(ExitCode.Ok)
        return JSON.parse(stdout)
      }
      const clean = await plan()
      for (const [key, value] of [
        ['diff.context', '1'],
        ['diff.interHunkContext', '20'],
        ['diff.relative', 'true'],
        ['diff.noprefix', 'true'],
        ['diff.mnemonicPrefix', 'true'],
        ['diff.renames', 'false'],
        ['diff.renameLimit', '1'],
        ['diff.algorithm', 'histogram'],
        ['diff.suppressBlankEmpty', 'true'],
        ['diff.orderFile', `${fixture.dir}/order.txt`],
        ['diff.submodule', 'log'],
        ['diff.external', 'false'],
        ['diff.upper.textconv', 'tr a-z A-Z <'],
        ['color.ui', 'always'],
        ['color.diff', 'always'],
        ['core.quotepath', 'true']
      ])
        fixture.git('config', key, value)
      fixture.write('order.txt', 'web/*\n')
      fixture.write('.git/info/attributes', '*.go diff=upper\n')
      const hostile = await plan()
      expect(hostile).toEqual(clean)
      expect(clean).toMatchObject({ totalFiles: 4 })
      expect(JSON.stringify(clean)).toContain('service/store/accounts.go')
    } finally {
      fixture.cleanup()
    }
  })

  it.each([
    [['--bogus'], "Unknown option '--bogus'. Run architect-review --help"],
    [['--base'], "Option '--base <value>' needs a value"],
    [['stray'], "Unexpected argument 'stray'"],
    [['--format', 'xml'], "--format must be one of md, json, sarif, got 'xml'"],
    [
      ['--max-files', 'x'],
      "--max-files must be a positive whole number, got 'x'. Example: --max-files 300"
    ],
    [
      ['--fail-on', 'severe'],
      "--fail-on must be one of none, critical, high, medium, low, info, got 'severe'"
    ],
    [
      ['--min-confidence', '2'],
      "--min-confidence must be a number from 0 to 1, got '2'. Example: --min-confidence 0.5"
    ],
    [
      ['--time-budget', 'soon'],
      "--time-budget must be a positive number of minutes, got 'soon'. Example: --time-budget 15"
    ],
    [['--verify', 'urgent'], "--verify must be 'none' or severities"],
    [
      ['--anthropic-base-url', 'ftp://x'],
      '--anthropic-base-url (or ANTHROPIC_BASE_URL) must be an http(s) URL'
    ],
    [['--base', 'no-such-branch'], "--base: Unknown git ref 'no-such-branch'"],
    [
      ['--areas', 'style'],
      "--areas has an unknown area 'style'. Accepted: api,"
    ],
    [['--agent', 'nobody'], "--agent names no bundled agent 'nobody'"],
    [['--head', 'no-such-tip'], "--head: Unknown git ref 'no-such-tip'"]
  ])(
    'exits 2 on %j, naming the flag in its own terms',
    async (args, message) => {
      const { code, stdout, stderr } = await cli(['--repo', repo.dir, ...args])
      expect(code).toBe(ExitCode.Usage)
      expect(stdout).toBe('')
      expect(stderr).toContain(message)
      expect(stderr).not.toContain('Input ')
    }
  )

  it('says which --repo is wrong, and suggests --repo only when it was not given', async () => {
    const missing = await cli(['--repo', '/does/not/exist'])
    expect(missing.code).toBe(ExitCode.Usage)
    expect(missing.stderr).toBe(
      'architect-review: --repo /does/not/exist: no such directory. Pass the path of a git checkout.\n'
    )
    const outside = createGitFixture()
    const { rmSync } = await import('node:fs')
    rmSync(`${outside.dir}/.git`, { recursive: true, force: true })
    const cwd = process.cwd()
    try {
      const given = await cli(['--repo', outside.dir])
      expect(given.stderr).toContain(
        `--repo ${outside.dir} is not inside a git repository.`
      )
      expect(given.stderr).not.toContain('or pass --repo')
      process.chdir(outside.dir)
      const implied = await cli([])
      expect(implied.code).toBe(ExitCode.Usage)
      expect(implied.stderr).toContain(
        'is not inside a git repository. Run architect-review in a checkout, or pass --repo <path>.'
      )
    } finally {
      process.chdir(cwd)
      outside.cleanup()
    }
  })

  it('says there is nothing to review for an empty range, in every format', async () => {
    const md = await cli(['--repo', repo.dir, '--base', 'feature'])
    expect(md.code).toBe(ExitCode.Ok)
    expect(md.stdout).toBe(
      'Nothing to review: feature...HEAD changes no files.\n'
    )
    const json = await cli([
      '--repo',
      repo.dir,
      '--base',
      'HEAD',
      '--format',
      'json'
    ])
    expect(json.code).toBe(ExitCode.Ok)
    expect(JSON.parse(json.stdout)).toMatchObject({ units: [], totalFiles: 0 })
    expect(json.stderr).toBe(
      'architect-review: nothing to review: HEAD...HEAD changes no files.\n'
    )
  })

  it('refuses --format sarif without a review: SARIF without results would read as a clean review', async () => {
    const { code, stderr } = await cli([
      '--repo',
      repo.dir,
      '--format',
      'sarif'
    ])
    expect(code).toBe(ExitCode.Usage)
    expect(stderr).toContain(
      '--format sarif needs a review: set ANTHROPIC_API_KEY'
    )
  })

  it('prints the version of package.json with --version and -V', async () => {
    const { readFileSync } = await import('node:fs')
    const { version } = JSON.parse(readFileSync('package.json', 'utf8'))
    for (const flag of ['--version', '-V']) {
      const { code, stdout } = await cli([flag])
      expect(code).toBe(ExitCode.Ok)
      expect(stdout).toBe(`architect-review ${version}\n`)
    }
  })

  it('prints usage with --help', async () => {
    const { code, stdout } = await cli(['--help'])
    expect(code).toBe(ExitCode.Ok)
    expect(stdout).toContain('Usage: architect-review')
  })
})

describe('architect-review CLI with an API key', () => {
  it('runs the review against the Messages API and prints findings as markdown or JSON', async () => {
    const { createReviewFixture, sqlInjection } =
      await import('./helpers/review-fixture.js')
    const { report, areaOf } = await import('../dev/review-script.js')
    const { LocalAnthropic } = await import('../dev/anthropic-server.js')
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
          '--full',
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
