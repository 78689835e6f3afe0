/**
 * The ignore list of .github/architect-review.yml, honoured by the bundled
 * action and the built CLI alike, and never taken from the change itself.
 */
import { describe, expect, it } from 'vitest'
import { createGitFixture } from '../dev/git-fixture.js'
import {
  areaOf,
  isVerification,
  report,
  verdicts
} from '../dev/review-script.js'
import type { MessagesBody, ScriptedReply } from '../dev/anthropic-server.js'
import { runBuiltCli } from './helpers/cli-runner.js'
import { OWNER, REPO, useLocalServers } from './helpers/local-servers.js'
import { ORDERS_HEAD, sqlInjection } from './helpers/review-fixture.js'

const injectionKept = (body: MessagesBody): ScriptedReply =>
  isVerification(body)
    ? verdicts(body, () => ({ keep: true, reason: 'Real.' }))
    : { content: [report(areaOf(body) === 'security' ? [sqlInjection] : [])] }

/** A change adding the injection; `config` committed in its base, or `inChange` in the change itself. */
function change(config: { base?: string; inChange?: string } = {}) {
  const repo = createGitFixture('architect-review-ignore-')
  repo.write('src/db.ts', 'export const db = { query: (sql) => sql }\n')
  repo.write('src/orders.ts', "import { db } from './db.js'\n")
  if (config.base) repo.write('.github/architect-review.yml', config.base)
  const base = repo.commit('base')
  repo.git('branch', 'base-branch', base)
  repo.write('src/orders.ts', ORDERS_HEAD)
  if (config.inChange)
    repo.write('.github/architect-review.yml', config.inChange)
  const head = repo.commit('orders')
  return { repo, base, head }
}

const ignoring = (fingerprint: string) =>
  `# Findings we accepted\nignore:\n  - fingerprint: ${fingerprint}\n    reason: accepted for the demo, see ADR 12\n`

describe('an ignore list in .github/architect-review.yml', () => {
  const servers = useLocalServers()

  it('the action and the CLI honour it from the base; a change cannot ignore its own findings', async () => {
    servers.answer = injectionKept
    const review = (c: ReturnType<typeof change>, number: number) =>
      servers.run('pull_request', c, servers.serve(c, number), {
        'fail-on': 'high'
      })
    const plain = change()
    const first = await review(plain, 1)
    expect(first.exitCode).toBe(1)
    const [finding] = JSON.parse(first.outputs.findings) as Array<{
      fingerprint: string
    }>

    // Accepted in the base: the gate passes; the summary says why.
    const accepted = change({ base: ignoring(finding.fingerprint) })
    const passed = await review(accepted, 2)
    expect(passed.exitCode, passed.stdout.slice(-1500)).toBe(0)
    expect(passed.outputs.critical).toBe('0')
    const summary = servers.github
      .pull(OWNER, REPO, 2)
      .issueComments.find((c) => c.user.login === 'github-actions[bot]')!.body
    expect(summary).toContain(
      'ignored in .github/architect-review.yml: accepted for the demo, see ADR 12'
    )
    expect(servers.github.pull(OWNER, REPO, 2).reviews).toEqual([])

    // The change adds the entry itself: read from the base, so still red.
    const own = change({ inChange: ignoring(finding.fingerprint) })
    const refused = await review(own, 3)
    expect(refused.exitCode).toBe(1)
    expect(refused.stdout).toContain(
      'because the pull request changes .github/architect-review.yml'
    )

    // The CLI alike, and --ignore for a local run.
    const env = {
      ANTHROPIC_API_KEY: servers.anthropic.apiKey,
      ANTHROPIC_BASE_URL: servers.urls.anthropic
    }
    const cli = (repo: typeof own.repo, ...args: string[]) =>
      runBuiltCli(['--base', 'base-branch', '--fail-on', 'high', ...args], {
        env,
        cwd: repo.dir
      })
    expect((await cli(accepted.repo)).code).toBe(0)
    expect((await cli(own.repo)).code).toBe(1)
    const flagged = await cli(
      own.repo,
      '--full',
      '--ignore',
      finding.fingerprint
    )
    expect(flagged.code, flagged.stderr).toBe(0)
    for (const c of [plain, accepted, own]) c.repo.cleanup()
  })
})
