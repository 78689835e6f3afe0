/** Tests for src/action/publish-run.ts: the paths that publish no review. */
import { describe, expect, it } from 'vitest'
import { endWithoutReview } from '../src/action/publish-run.js'
import { ConfigurationError } from '../src/errors.js'
import type { ReviewOutcome } from '../src/outcome/review-outcome.js'
import { actionRunOn } from './helpers/action-harness.js'
import { OWNER, REPO, useLocalServers } from './helpers/local-servers.js'
import { outcomeWith } from './helpers/outcome.js'

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
