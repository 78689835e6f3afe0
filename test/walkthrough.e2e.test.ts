/**
 * The walkthrough through the built CLI, as a developer meets it: written
 * for each head reviewed, shown again (not written again) when the same
 * head is asked for once more, and absent with --walkthrough false.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'
import { report } from '../dev/review-script.js'
import { runBuiltCli } from './helpers/cli-runner.js'

describe('the walkthrough in the CLI', () => {
  let repo: GitFixture
  let anthropic: LocalAnthropic
  let env: Record<string, string>
  let written = 0

  beforeAll(async () => {
    repo = createGitFixture()
    repo.write('src/orders.ts', 'export const list = () => []\n')
    repo.git('branch', 'base-branch', repo.commit('base'))
    repo.write(
      'src/orders.ts',
      'export const list = (limit: number) => [].slice(0, limit)\n'
    )
    repo.commit('orders: a limit')
    anthropic = new LocalAnthropic(() => ({ content: [report([])] }))
    anthropic.walkthrough = () => ({
      content: [
        {
          type: 'text',
          text: `Walkthrough number ${++written}: the orders list takes a limit.`
        }
      ]
    })
    env = {
      ANTHROPIC_API_KEY: anthropic.apiKey,
      ANTHROPIC_BASE_URL: await anthropic.start()
    }
  })
  afterAll(async () => {
    await anthropic.stop()
    repo.cleanup()
  })

  it('writes one per reviewed head, shows the last one for a head already reviewed, and none when turned off', async () => {
    const first = await runBuiltCli(['--base', 'base-branch'], {
      cwd: repo.dir,
      env
    })
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain(
      '### Walkthrough\n\nWalkthrough number 1: the orders list takes a limit.'
    )
    expect(first.stdout).toContain('| `src/orders.ts` | modified | +1 −1 |')

    // The same head again: nothing is reviewed or written; the last walkthrough is shown.
    const again = await runBuiltCli(['--base', 'base-branch'], {
      cwd: repo.dir,
      env
    })
    expect(again.code, again.stderr).toBe(0)
    expect(anthropic.walkthroughCalls).toHaveLength(1)
    expect(again.stdout).toContain(
      'Walkthrough number 1: the orders list takes a limit.'
    )

    // A new head: written again, for it.
    repo.write(
      'src/orders.ts',
      'export const list = (limit = 20) => [].slice(0, limit)\n'
    )
    repo.commit('orders: a default limit')
    const next = await runBuiltCli(['--base', 'base-branch'], {
      cwd: repo.dir,
      env
    })
    expect(next.code, next.stderr).toBe(0)
    expect(next.stdout).toContain('Walkthrough number 2')
    expect(anthropic.walkthroughCalls).toHaveLength(2)

    const off = await runBuiltCli(
      ['--base', 'base-branch', '--full', '--walkthrough', 'false'],
      { cwd: repo.dir, env }
    )
    expect(off.code, off.stderr).toBe(0)
    expect(off.stdout).not.toContain('### Walkthrough')
    expect(anthropic.walkthroughCalls).toHaveLength(2)
  })
})
