/**
 * The recommended workflow's checkout, end to end through `node dist/index.js`:
 * actions/checkout's default on a pull request fetches only the merge
 * commit, at depth 1, so the PR's head is not in the workspace. The action
 * fetches the head by SHA and the model's Grep and Glob search the head;
 * when it cannot, it says so and gives the model only Read.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runAction } from './helpers/action-runner.js'
import type { ActionRun } from './helpers/action-runner.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import type { MessagesBody, ScriptBlock } from '../dev/anthropic-server.js'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'
import { LocalGitHub } from '../dev/github-server.js'
import { servePullRequest } from '../dev/pull-request-fixture.js'
import { report, toolResults, turnOf } from '../dev/review-script.js'

const OWNER = 'octo-org'
const REPO = 'shop'

/** What a model that looks around asks first: a search and a listing of the head. */
const LOOK_AROUND: ScriptBlock[] = [
  {
    type: 'tool_use',
    name: 'Grep',
    input: { pattern: 'chargeOnlyInHead', output_mode: 'content', '-n': true }
  },
  { type: 'tool_use', name: 'Glob', input: { pattern: 'src/**/*.ts' } }
]

/** A workspace as actions/checkout leaves it for a pull request: the merge commit alone, depth 1. */
function checkoutMergeCommit(
  from: string,
  merge: string,
  options: { keepRemote: boolean }
): string {
  const dir = mkdtempSync(join(tmpdir(), 'architect-review-checkout-'))
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8' })
  git('init', '-q')
  git('remote', 'add', 'origin', from)
  git(
    'fetch',
    '-q',
    '--no-tags',
    '--depth=1',
    'origin',
    `+${merge}:refs/remotes/pull/1/merge`
  )
  git('checkout', '-q', '--detach', 'refs/remotes/pull/1/merge')
  // A workspace whose remote is gone cannot fetch anything more.
  if (!options.keepRemote) git('remote', 'remove', 'origin')
  return dir
}

const hasCommit = (dir: string, sha: string): boolean => {
  try {
    execFileSync('git', ['cat-file', '-e', `${sha}^{commit}`], {
      cwd: dir,
      stdio: 'ignore'
    })
    return true
  } catch {
    return false
  }
}

describe('a checkout of the merge commit at depth 1', () => {
  let repo: GitFixture
  let base: string
  let head: string
  let merge: string
  let github: LocalGitHub
  let anthropic: LocalAnthropic
  let urls: { api: string; model: string }
  let number = 80
  const workspaces: string[] = []

  const run = (workspace: string): Promise<ActionRun> =>
    runAction({
      eventName: 'pull_request',
      payload: servePullRequest(github, repo, {
        owner: OWNER,
        repo: REPO,
        number: ++number,
        baseSha: base,
        headSha: head
      }),
      repository: `${OWNER}/${REPO}`,
      apiUrl: urls.api,
      workspace,
      inputs: {
        'github-token': 'ghs_x',
        'anthropic-api-key': anthropic.apiKey,
        'anthropic-base-url': urls.model,
        agent: '.claude/agents/searcher.md',
        areas: 'security'
      }
    })

  afterEach(() => expect(github.takeViolations()).toEqual([]))

  beforeAll(async () => {
    repo = createGitFixture()
    repo.write('src/orders.ts', 'export const orders = []\n')
    repo.write('README.md', 'Shop\n')
    // The bundled agent declares Read and Grep; this one asks for Glob too.
    repo.write(
      '.claude/agents/searcher.md',
      '---\nname: searcher\ndescription: Reviews with every read-only tool.\ntools: Read, Grep, Glob\n---\nYou review backend changes.\n'
    )
    base = repo.commit('base')
    repo.git('checkout', '-q', '-b', 'feature')
    repo.write(
      'src/payments/charge.ts',
      'export function chargeOnlyInHead(order) {\n  return order.total\n}\n'
    )
    repo.write(
      'src/orders.ts',
      "import { chargeOnlyInHead } from './payments/charge.js'\nexport const orders = []\nexport const pay = (o) => chargeOnlyInHead(o)\n"
    )
    head = repo.commit('payments')
    repo.git('checkout', '-q', 'main')
    repo.write('docs/guide.md', 'A guide\n')
    repo.commit('docs on main')
    repo.git(
      'merge',
      '-q',
      '--no-ff',
      '-m',
      'Merge feature into main',
      'feature'
    )
    merge = repo.git('rev-parse', 'HEAD').trim()
    github = new LocalGitHub()
    anthropic = new LocalAnthropic((body: MessagesBody) => ({
      content: turnOf(body) === 0 ? LOOK_AROUND : [report([])]
    }))
    urls = { api: await github.start(), model: await anthropic.start() }
  })

  afterAll(async () => {
    await github?.stop()
    await anthropic?.stop()
    repo?.cleanup()
    for (const dir of workspaces) rmSync(dir, { recursive: true, force: true })
  })

  it("fetches the head by SHA, so the model's Grep and Glob search the head", async () => {
    const workspace = checkoutMergeCommit(repo.dir, merge, { keepRemote: true })
    workspaces.push(workspace)
    expect(hasCommit(workspace, head)).toBe(false)
    anthropic.calls.length = 0
    const result = await run(workspace)
    expect(result.exitCode, result.stdout.slice(-2000)).toBe(0)
    expect(hasCommit(workspace, head)).toBe(true)
    const answers = anthropic.calls
      .filter((call) => turnOf(call.body) === 1)
      .flatMap((call) => toolResults(call.body).map((r) => r.content))
    expect(answers.join('\n')).toContain(
      'src/payments/charge.ts:1:export function chargeOnlyInHead(order) {'
    )
    expect(answers.join('\n')).toMatch(/src\/payments\/charge\.ts/)
    expect(answers.join('\n')).not.toContain('need a checkout')
    expect(anthropic.calls[0].body.tools?.map((t) => t.name)).toEqual(
      expect.arrayContaining(['Read', 'Grep', 'Glob'])
    )
    expect(result.stdout).not.toContain('::warning::The checkout lacks')
    const summary = github.pull(OWNER, REPO, number).issueComments[0].body
    expect(summary).toContain('- Tools: Read, Grep, Glob')
    expect(summary).not.toContain('unavailable')
  })

  it('without a way to fetch the head: a warning, only Read for the model, and the summary says which tools it had', async () => {
    const workspace = checkoutMergeCommit(repo.dir, merge, {
      keepRemote: false
    })
    workspaces.push(workspace)
    const files: Record<string, string> = {}
    for (const path of repo
      .git('ls-tree', '-r', '--name-only', head)
      .trim()
      .split('\n'))
      files[path] = repo.git('show', `${head}:${path}`)
    github.addContents(OWNER, REPO, head, files)
    anthropic.calls.length = 0
    const result = await run(workspace)
    expect(result.exitCode, result.stdout.slice(-2000)).toBe(0)
    expect(result.stdout).toContain(
      `::warning::The checkout lacks the head commit ${head.slice(0, 12)} and fetching it failed`
    )
    expect(result.stdout).toContain('Read works, Grep and Glob do not')
    expect(anthropic.calls[0].body.tools?.map((t) => t.name)).toEqual([
      'Read',
      'report_findings'
    ])
    const summary = github.pull(OWNER, REPO, number).issueComments[0].body
    expect(summary).toContain('- Tools: Read (unavailable: Grep, Glob)')
    expect(result.summary).toContain(
      "unavailable without the head's git objects: Grep, Glob"
    )
  })
})
