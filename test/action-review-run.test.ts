/** Tests for src/action/review-run.ts: a pull request's review in process, through the run's Step and the local servers. */
import { describe, expect, it } from 'vitest'
import { reviewPullRequest } from '../src/action/review-run.js'
import { pause } from '../src/conversation/state-edits.js'
import { Outputs } from '../src/outputs.js'
import { actionRunOn, setTwice } from './helpers/action-harness.js'
import { actionMetadata } from './helpers/action-metadata.js'
import { OWNER, REPO, useLocalServers } from './helpers/local-servers.js'
import { securityFindsInjection } from './helpers/review-fixture.js'

describe('reviewPullRequest', () => {
  const servers = useLocalServers()

  it('reviews, publishes once and sets each output once, after publishing', async () => {
    servers.answer = securityFindsInjection
    const f = servers.fixture()
    servers.serve(f, 1)
    const run = await actionRunOn(servers, f)
    const pullRequest = await run.source.getPullRequest(OWNER, REPO, 1)
    const result = await reviewPullRequest(pullRequest, run, {
      passes: 'due'
    })
    expect(result).toEqual({})
    const pr = servers.github.pull(OWNER, REPO, 1)
    expect(pr.reviews).toHaveLength(1)
    expect(setTwice(run.step)).toEqual([])
    expect(new Set(run.step.outputCalls.map(([n]) => n))).toEqual(
      new Set(Object.keys(actionMetadata().outputs))
    )
    expect(run.step.outputs[Outputs.ReviewId]).toBe(String(pr.reviews[0].id))
    expect(run.step.outputs.critical).toBe('1')
    expect(run.step.failures).toEqual([])
  })

  it('fails the gate through the step, after publishing', async () => {
    servers.answer = securityFindsInjection
    const f = servers.fixture()
    servers.serve(f, 2)
    const run = await actionRunOn(servers, f, { 'fail-on': 'high' })
    const pullRequest = await run.source.getPullRequest(OWNER, REPO, 2)
    await reviewPullRequest(pullRequest, run, { passes: 'due' })
    expect(servers.github.pull(OWNER, REPO, 2).reviews).toHaveLength(1)
    expect(run.step.failures).toEqual([
      expect.stringMatching(/^fail-on: high — 1 open finding/)
    ])
  })

  it('skips an automatic run on a paused pull request, and a gate cannot pass it', async () => {
    servers.answer = securityFindsInjection
    const f = servers.fixture()
    servers.serve(f, 3)
    const run = await actionRunOn(servers, f, { 'fail-on': 'high' })
    const pullRequest = await run.source.getPullRequest(OWNER, REPO, 3)
    const paused = await reviewPullRequest(pullRequest, run, {
      passes: 'none',
      setsPause: true,
      editState: pause('alice', '2026-12-01T00:00:00Z')
    })
    expect(paused.failure).toBeUndefined()
    const calls = servers.anthropic.calls.length
    const result = await reviewPullRequest(pullRequest, run, {
      passes: 'due',
      automatic: true
    })
    expect(servers.anthropic.calls.length).toBe(calls)
    expect(result.failure).toMatch(
      /fail-on: high cannot pass while automatic reviews are paused/
    )
    expect(run.step.lines).toContainEqual(
      expect.stringMatching(
        /^notice: Automatic reviews of pull request #3 are paused \(by alice/
      )
    )
  })

  it('without a key plans only and says so; no model call, every output set', async () => {
    const f = servers.fixture()
    servers.serve(f, 4)
    const run = await actionRunOn(servers, f, {
      'anthropic-api-key': '',
      'dry-run': 'true'
    })
    const calls = servers.anthropic.calls.length
    const pullRequest = await run.source.getPullRequest(OWNER, REPO, 4)
    const result = await reviewPullRequest(pullRequest, run, {
      passes: 'due'
    })
    expect(result.incomplete).toBe('nothing was reviewed')
    expect(servers.anthropic.calls.length).toBe(calls)
    expect(run.step.outputs[Outputs.Findings]).toBe('[]')
    expect(Number(run.step.outputs[Outputs.ReviewUnits])).toBeGreaterThan(0)
    expect(setTwice(run.step)).toEqual([])
    expect(new Set(run.step.outputCalls.map(([n]) => n))).toEqual(
      new Set(Object.keys(actionMetadata().outputs))
    )
    expect(run.step.summaries[0]).toContain('PR #4')
  })
})
