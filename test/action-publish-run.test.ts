/** Tests for src/action/publish-run.ts: notices read from typed stop causes, and the paths that publish no review. */
import { describe, expect, it } from 'vitest'
import { endWithoutReview, partialNotices } from '../src/action/publish-run.js'
import { ConfigurationError } from '../src/errors.js'
import type { ReviewOutcome } from '../src/outcome/review-outcome.js'
import { readSettings } from '../src/settings.js'
import { NO_USAGE } from '../src/vocabulary/usage.js'
import { actionRunOn } from './helpers/action-harness.js'
import { OWNER, REPO, useLocalServers } from './helpers/local-servers.js'
import { outcomeWith } from './helpers/outcome.js'

const notRun = (stop: 'deadline' | 'cost-cap' | undefined, reason: string) => ({
  unit: 'unit-1',
  area: 'security',
  status: 'not-run' as const,
  reason,
  stop,
  turns: 0,
  toolCalls: 0,
  usage: NO_USAGE
})

describe('partialNotices', () => {
  const settings = readSettings(
    (name) => ({ 'time-budget': '5', 'max-cost-usd': '0.5' })[name] ?? '',
    {}
  )
  const state = {
    version: 1,
    head: 'a'.repeat(40),
    coverage: [],
    dismissed: []
  }

  it('says which limit made the review partial, from the stop cause', () => {
    const outcome = outcomeWith([], {
      state,
      unfinished: [notRun('deadline', 'anything'), notRun('cost-cap', 'x')],
      costUsd: 0.4999
    } as never)
    expect(partialNotices(outcome, settings)).toEqual([
      'Partial review: the time budget of 5 minute(s) ran out; passes not run are listed below.',
      'Partial review: max-cost-usd ($0.5) was reached at $0.4999; passes not run are listed below, and the next run reviews them.'
    ])
  })

  it('reads no decision out of prose: a reason that names a limit is not a stop cause', () => {
    const outcome = outcomeWith([], {
      state,
      unfinished: [
        notRun(undefined, 'not run: the time budget was reached (max-cost-usd)')
      ]
    } as never)
    expect(partialNotices(outcome, settings)).toEqual([])
  })
})

describe('endWithoutReview', () => {
  const servers = useLocalServers()
  const planned = (outcome: ReviewOutcome): ReviewOutcome =>
    ({ ...outcome, kind: 'planned', state: undefined }) as ReviewOutcome

  it('a fork without a key: the plan, and fail-on fails the step', async () => {
    const f = servers.fixture()
    servers.serve(f, 1, {
      edit: (pr) => {
        const head = pr.head as { repo: { full_name: string; fork: boolean } }
        head.repo = { ...head.repo, full_name: 'someone/shop', fork: true }
      }
    })
    const run = await actionRunOn(servers, f, {
      'anthropic-api-key': '',
      'fail-on': 'high'
    })
    const pullRequest = await run.source.getPullRequest(OWNER, REPO, 1)
    expect(pullRequest.fromFork).toBe(true)
    const result = await endWithoutReview(
      planned(outcomeWith([])),
      pullRequest,
      [],
      run
    )
    expect(result).toEqual({ incomplete: 'nothing was reviewed' })
    expect(run.step.failures).toEqual([
      expect.stringContaining(
        'fail-on: high cannot pass a review that did not run'
      )
    ])
    expect(run.step.outputs.findings).toBe('[]')
  })

  it('a pull request of the repository without a key is a configuration error naming the input', async () => {
    const f = servers.fixture()
    servers.serve(f, 2)
    const run = await actionRunOn(servers, f, { 'anthropic-api-key': '' })
    const pullRequest = await run.source.getPullRequest(OWNER, REPO, 2)
    await expect(
      endWithoutReview(planned(outcomeWith([])), pullRequest, [], run)
    ).rejects.toThrow(ConfigurationError)
    await expect(
      endWithoutReview(planned(outcomeWith([])), pullRequest, [], run)
    ).rejects.toThrow(/Input 'anthropic-api-key' is empty/)
  })
})
