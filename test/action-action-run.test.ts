/** Tests for src/action/action-run.ts: opening a run, reading the event, sealing the state. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readEventPayload, stateSeal } from '../src/action/action-run.js'
import { ConfigurationError } from '../src/errors.js'
import { actionRunOn } from './helpers/action-harness.js'
import { useLocalServers } from './helpers/local-servers.js'

describe('openActionRun', () => {
  const servers = useLocalServers()

  it('masks every secret of the run', async () => {
    const run = await actionRunOn(servers, undefined, {
      'state-secret': 'seal-secret-1234'
    })
    expect(run.step.secrets).toEqual([
      'ghs_job_token',
      servers.anthropic.apiKey,
      'seal-secret-1234'
    ])
    expect(run.secrets).toEqual(run.step.secrets)
  })

  it('refuses an empty github-token, naming the input and the fix', async () => {
    await expect(
      actionRunOn(servers, undefined, { 'github-token': '' })
    ).rejects.toThrow(
      new ConfigurationError(
        "Input 'github-token' is empty. Leave it unset to use the job's GITHUB_TOKEN, or pass a token with 'pull-requests: read'."
      )
    )
  })

  it('checks a bundled agent and its areas before any request', async () => {
    const before = servers.github.requests.length
    await expect(
      actionRunOn(servers, undefined, { areas: 'billing' })
    ).rejects.toThrow(/billing/)
    await expect(
      actionRunOn(servers, undefined, { agent: 'no-such-agent' })
    ).rejects.toThrow(/names no bundled agent 'no-such-agent'/)
    expect(servers.github.requests.length).toBe(before)
  })
})

describe('readEventPayload', () => {
  it('reads the payload, or says why it cannot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-'))
    try {
      writeFileSync(join(dir, 'ok.json'), '{"number": 7}')
      writeFileSync(join(dir, 'bad.json'), '{')
      expect(await readEventPayload(join(dir, 'ok.json'))).toEqual({
        payload: { number: 7 }
      })
      expect((await readEventPayload(join(dir, 'bad.json'))).problem).toMatch(
        /^the event file .*bad\.json cannot be read/
      )
      expect((await readEventPayload(join(dir, 'gone.json'))).problem).toBe(
        `GITHUB_EVENT_PATH names ${join(dir, 'gone.json')}, which does not exist`
      )
      expect(await readEventPayload(undefined)).toEqual({
        payload: {},
        problem: 'GITHUB_EVENT_PATH is not set'
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('stateSeal', () => {
  it('trusts the state secret, else the API key; without either a throwaway key', () => {
    expect(
      stateSeal({ stateSecret: 's', anthropicApiKey: 'k' }, 'o/r#1')
    ).toEqual({ secret: 's', scope: 'o/r#1', trusted: true })
    expect(
      stateSeal({ stateSecret: '', anthropicApiKey: 'k' }, 'o/r#1')
    ).toEqual({ secret: 'k', scope: 'o/r#1', trusted: true })
    const a = stateSeal({ stateSecret: '', anthropicApiKey: '' }, 'o/r#1')
    const b = stateSeal({ stateSecret: '', anthropicApiKey: '' }, 'o/r#1')
    expect(a.trusted).toBe(false)
    expect(a.secret).not.toBe(b.secret)
  })
})
