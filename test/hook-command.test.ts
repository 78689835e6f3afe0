/** Tests for src/cli/hook-command.ts: the hook written, chained, removed, and left to husky or lefthook. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createGitFixture } from '../dev/git-fixture.js'
import { hookCommand } from '../src/cli/hook-command.js'
import type { HookIo } from '../src/cli/hook-command.js'

function io(): HookIo & { said: string[] } {
  const said: string[] = []
  return {
    said,
    out: (t) => said.push(t),
    err: (t) => said.push(t),
    stdin: async () => '',
    review: async () => 0,
    env: {},
    command: { node: '/usr/bin/node', script: '/opt/architect review/cli.js' }
  }
}

/** A repository with a pre-push hook of its own, one per test. */
function withOwnHook() {
  const repo = createGitFixture()
  repos.push(repo)
  repo.commit('base')
  const hooks = join(repo.dir, '.git', 'hooks')
  writeFileSync(join(hooks, 'pre-push'), '#!/bin/sh\nexit 0\n', {
    mode: 0o755
  })
  return { repo, hooks }
}
const repos: Array<ReturnType<typeof createGitFixture>> = []

describe('architect-review hook', () => {
  afterAll(() => repos.forEach((r) => r.cleanup()))

  it('install writes an executable pre-push hook with the team’s options, chaining the hook that was there', async () => {
    const { repo, hooks } = withOwnHook()
    const said = io()
    const code = await hookCommand(
      [
        'install',
        '--repo',
        repo.dir,
        '--fail-on',
        'high',
        '--areas',
        'security,api'
      ],
      said
    )
    expect(code).toBe(0)
    const script = readFileSync(join(hooks, 'pre-push'), 'utf8')
    expect(script).toContain(
      `/usr/bin/node '/opt/architect review/cli.js' hook pre-push "$@" --fail-on high --areas security,api`
    )
    expect(statSync(join(hooks, 'pre-push')).mode & 0o111).not.toBe(0)
    expect(
      readFileSync(join(hooks, 'pre-push.architect-review-chained'), 'utf8')
    ).toBe('#!/bin/sh\nexit 0\n')
    expect(said.said.join('')).toContain(
      'the existing pre-push hook now runs first'
    )
    // Installing again updates ours; the chained hook stays as it was.
    expect(await hookCommand(['install', '--repo', repo.dir], io())).toBe(0)
    expect(readFileSync(join(hooks, 'pre-push'), 'utf8')).not.toContain(
      '--fail-on'
    )
  })

  it('uninstall removes ours and brings the chained hook back', async () => {
    const { repo, hooks } = withOwnHook()
    expect(await hookCommand(['install', '--repo', repo.dir], io())).toBe(0)
    expect(await hookCommand(['uninstall', '--repo', repo.dir], io())).toBe(0)
    expect(readFileSync(join(hooks, 'pre-push'), 'utf8')).toBe(
      '#!/bin/sh\nexit 0\n'
    )
    expect(existsSync(join(hooks, 'pre-push.architect-review-chained'))).toBe(
      false
    )
  })

  it('with core.hooksPath (husky, lefthook) writes nothing and gives the line to add', async () => {
    const { repo } = withOwnHook()
    repo.git('config', 'core.hooksPath', '.husky')
    {
      const said = io()
      expect(
        await hookCommand(
          ['install', '--repo', repo.dir, '--fail-on', 'high'],
          said
        )
      ).toBe(2)
      expect(said.said.join('')).toContain(
        `core.hooksPath is set (.husky): another tool (husky, lefthook) manages the hooks. Add this line to its pre-push hook instead:\n  /usr/bin/node '/opt/architect review/cli.js' hook pre-push "$1" --fail-on high`
      )
      expect(existsSync(join(repo.dir, '.husky', 'pre-push'))).toBe(false)
    }
  })

  it('names an unknown hook command with the usage', async () => {
    await expect(hookCommand(['instal'], io())).rejects.toThrow(
      /Unknown hook command 'instal'\.\nUsage:/
    )
  })
})
