/**
 * The pre-push gate as a developer uses it: `architect-review hook install`
 * in a real repository with a bare remote, then `git push` runs the built
 * CLI from the hook against the local Messages API.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import type { MessagesBody } from '../dev/anthropic-server.js'
import { createGitFixture } from '../dev/git-fixture.js'
import { areaOf, report } from '../dev/review-script.js'
import { cliEnv, runBuiltCli } from './helpers/cli-runner.js'
import { ORDERS_HEAD, sqlInjection } from './helpers/review-fixture.js'

/** A second file large enough to be a review unit of its own at --max-diff-tokens 1000. */
const CATALOG = Array.from(
  { length: 22 },
  (_, i) =>
    `export function listCategory${i}(db) {\n  return db.query('SELECT id, name FROM categories WHERE parent = $1', [${i}])\n}\n`
).join('\n')

/** The security pass reports the injection while the prompt shows the concatenated id. */
function reviewer(body: MessagesBody) {
  const shown = JSON.stringify(body.messages)
  const concatenated = shown.includes("WHERE id = ' + id")
  return {
    content: [
      report(areaOf(body) === 'security' && concatenated ? [sqlInjection] : [])
    ]
  }
}

describe('architect-review hook: a pre-push gate that reviews what is pushed, once', () => {
  const repo = createGitFixture('architect-review-hook-')
  const remote = mkdtempSync(join(tmpdir(), 'architect-review-remote-'))
  const anthropic = new LocalAnthropic(reviewer)
  let keys: Record<string, string>

  beforeAll(async () => {
    keys = {
      ANTHROPIC_API_KEY: anthropic.apiKey,
      ANTHROPIC_BASE_URL: await anthropic.start()
    }
    repo.git('init', '-q', '--bare', remote)
    repo.write('src/db.ts', 'export const db = { query: (sql) => sql }\n')
    repo.commit('base')
    repo.git('remote', 'add', 'origin', remote)
    repo.git('push', '-q', 'origin', 'main')
  })
  afterAll(async () => {
    await anthropic.stop()
    repo.cleanup()
    rmSync(remote, { recursive: true, force: true })
  })

  /** `git push …` as the developer runs it: the hook inherits this environment. */
  const push = (env: Record<string, string>, ...args: string[]) =>
    new Promise<{ code: number; stderr: string }>((done) =>
      execFile(
        'git',
        ['push', 'origin', ...args],
        {
          cwd: repo.dir,
          env: cliEnv({ ...env, GIT_CONFIG_NOSYSTEM: '1', HOME: repo.dir })
        },
        (error, _stdout, stderr) =>
          done({ code: error ? Number(error.code ?? 1) : 0, stderr })
      )
    )
  const onRemote = (ref: string): string | undefined => {
    try {
      return repo.git('ls-remote', '--exit-code', 'origin', ref).split('\t')[0]
    } catch {
      return undefined
    }
  }
  /** The files whose diffs the requests since `from` showed the model. */
  const reviewedSince = (from: number) =>
    new Set(
      anthropic.calls
        .slice(from)
        .flatMap((c) =>
          [
            ...JSON.stringify(c.body.messages).matchAll(
              /## (src\/\S+) \((?:added|modified|removed|renamed)/g
            )
          ].map((m) => m[1])
        )
    )

  it('blocks a critical finding, twice without paying again; reviews only the fix; skips deletions; says how to proceed without a key', async () => {
    const installed = await runBuiltCli(
      [
        'hook',
        'install',
        '--fail-on',
        'high',
        '--verify',
        'none',
        '--max-diff-tokens',
        '1000'
      ],
      { cwd: repo.dir }
    )
    expect(installed.code, installed.stderr).toBe(0)
    expect(installed.stderr).toContain(
      'Skip it once with: git push --no-verify'
    )
    expect(installed.stderr).toContain(
      'No ANTHROPIC_API_KEY in this environment'
    )

    // (a) A new branch with a critical finding: blocked, naming it.
    repo.git('checkout', '-q', '-b', 'feature/orders')
    repo.write('src/orders.ts', ORDERS_HEAD)
    repo.write('src/catalog.ts', CATALOG)
    const h1 = repo.commit('orders and catalog')
    repo.git('checkout', '-q', 'main')
    let calls = anthropic.calls.length
    const first = await push(keys, 'feature/orders')
    expect(first.code).not.toBe(0)
    expect(first.stderr).toContain('a new branch: what')
    expect(first.stderr).toContain('src/orders.ts:5 SQL injection in findOrder')
    expect(first.stderr).toContain('the push is blocked')
    expect(onRemote('refs/heads/feature/orders')).toBeUndefined()
    expect(reviewedSince(calls)).toEqual(
      new Set(['src/orders.ts', 'src/catalog.ts'])
    )

    // (b) The same commits again: no model call, still blocked.
    calls = anthropic.calls.length
    const again = await push(keys, 'feature/orders')
    expect(again.code).not.toBe(0)
    expect(anthropic.calls.length).toBe(calls)
    expect(again.stderr).toContain('src/orders.ts:5 SQL injection in findOrder')

    // (c) A fix commit: only the file it changes is reviewed; the push passes.
    repo.git('checkout', '-q', 'feature/orders')
    repo.write('src/orders.ts', ORDERS_HEAD.replace("' + id)", "$1', [id])"))
    const h2 = repo.commit('parameterize')
    calls = anthropic.calls.length
    const fixed = await push(keys, 'feature/orders')
    expect(fixed.code, fixed.stderr).toBe(0)
    expect(reviewedSince(calls)).toEqual(new Set(['src/orders.ts']))
    expect(onRemote('refs/heads/feature/orders')).toBe(h2)
    expect(h1).not.toBe(h2)

    // (d) Deleting the branch on the remote reviews nothing.
    calls = anthropic.calls.length
    const deleted = await push(keys, '--delete', 'feature/orders')
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(deleted.stderr).toContain('a deletion; not reviewed')
    expect(anthropic.calls.length).toBe(calls)

    // (e) No key: blocked, with the way to skip and what to set.
    repo.git('checkout', '-q', '-b', 'feature/other')
    repo.write('src/other.ts', 'export const other = 1\n')
    repo.commit('other')
    const keyless = await push({}, 'feature/other')
    expect(keyless.code).not.toBe(0)
    expect(keyless.stderr).toContain(
      'cannot pass a review that did not run: set ANTHROPIC_API_KEY'
    )
    expect(keyless.stderr).toContain(
      'To push without the review this once: git push --no-verify'
    )
    expect(keyless.stderr).toContain('No ANTHROPIC_API_KEY in this environment')
    expect(onRemote('refs/heads/feature/other')).toBeUndefined()

    // Uninstalled: the push goes through unreviewed.
    const removed = await runBuiltCli(['hook', 'uninstall'], { cwd: repo.dir })
    expect(removed.code, removed.stderr).toBe(0)
    expect((await push({}, 'feature/other')).code).toBe(0)
  })
})
