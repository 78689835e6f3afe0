/** Tests for src/main.ts: the entry reads the event and hands it to one run kind, failing the step on what it throws. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { run } from '../src/main.js'
import { memoryStep, setTwice } from './helpers/action-harness.js'
import { OWNER, REPO, useLocalServers } from './helpers/local-servers.js'
import { webhookExample } from '../dev/pull-request-fixture.js'
import { securityFindsInjection } from './helpers/review-fixture.js'

describe('run', () => {
  const servers = useLocalServers()
  const saved = { ...process.env }
  const dirs: string[] = []
  afterEach(() => {
    process.env = { ...saved }
    for (const dir of dirs.splice(0))
      rmSync(dir, { recursive: true, force: true })
  })

  /** The runner's environment for `eventName` with `payload` and these inputs. */
  function runnerEnv(
    eventName: string,
    payload: unknown,
    inputs: Record<string, string>,
    workspace?: string
  ): void {
    const dir = mkdtempSync(join(tmpdir(), 'main-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'event.json'), JSON.stringify(payload))
    for (const key of Object.keys(process.env))
      if (key.startsWith('INPUT_') || key.startsWith('GITHUB_'))
        delete process.env[key]
    Object.assign(process.env, {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_API_URL: servers.urls.github,
      RUNNER_TEMP: dir,
      ...(workspace ? { GITHUB_WORKSPACE: workspace } : {})
    })
    const all = {
      'github-token': 'ghs_job_token',
      'anthropic-api-key': servers.anthropic.apiKey,
      'anthropic-base-url': servers.urls.anthropic,
      'request-pacing': '0.01',
      ...inputs
    }
    for (const [name, value] of Object.entries(all))
      process.env[`INPUT_${name.toUpperCase()}`] = value
  }

  it('hands a pull_request event to the review and fails the step on its gate', async () => {
    servers.answer = securityFindsInjection
    const f = servers.fixture()
    const payload = servers.serve(f, 1)
    runnerEnv('pull_request', payload, { 'fail-on': 'high' }, f.repo.dir)
    const step = memoryStep()
    await run(step)
    expect(servers.github.pull(OWNER, REPO, 1).reviews).toHaveLength(1)
    expect(step.failures).toEqual([
      expect.stringMatching(/^fail-on: high — 1 open finding/)
    ])
    expect(step.outputs.critical).toBe('1')
    expect(setTwice(step)).toEqual([])
  })

  it('says why an event has no pull request, and sets every output', async () => {
    runnerEnv('push', webhookExample('push'), {})
    const step = memoryStep()
    await run(step)
    expect(step.failures).toEqual([])
    expect(step.lines.filter((l) => l.startsWith('notice: '))).toHaveLength(1)
    expect(step.outputs.findings).toBe('[]')
    expect(setTwice(step)).toEqual([])
    expect(step.summaries[0]).toMatch(/^architect-review: /)
  })

  it('fails the step with a configuration error naming the input', async () => {
    runnerEnv('pull_request', {}, { 'max-files': 'many' })
    const step = memoryStep()
    await run(step)
    expect(step.failures).toEqual([
      expect.stringMatching(/^Configuration error: Input 'max-files' /)
    ])
  })

  it('hands a comment event to the comment run', async () => {
    runnerEnv('issue_comment', webhookExample('issue_comment', 'created'), {})
    const step = memoryStep()
    await run(step)
    expect(step.lines[0]).toMatch(/^info: Nothing to do: /)
    expect(step.failures).toEqual([])
  })
})
