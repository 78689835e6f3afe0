/** Tests for src/pull-request/pull-request-context.ts on real webhook payloads. */
import { describe, expect, it } from 'vitest'
import { ConfigurationError } from '../src/errors.js'
import type { PullRequestSource } from '../src/pull-request/pull-request-source.js'
import { resolveReviewTarget } from '../src/pull-request/pull-request-context.js'
import { toPullRequest } from '../src/pull-request/pull-request.js'
import type { PullRequestPayload } from '../src/pull-request/pull-request.js'
import { webhookExample } from '../dev/pull-request-fixture.js'

const noApi: PullRequestSource = {
  getPullRequest: () =>
    Promise.reject(new Error('the payload should have been enough')),
  listFiles: () => Promise.reject(new Error('not used'))
}
const settings = { prNumber: undefined, reviewDrafts: false }
const repo = { owner: 'Codertocat', repo: 'Hello-World' }

describe('resolveReviewTarget', () => {
  it.each(['opened', 'synchronize', 'reopened'])(
    'reads a pull_request.%s payload',
    async (action) => {
      const payload = webhookExample('pull_request', action)
      const pr = payload.pull_request as PullRequestPayload
      const target = await resolveReviewTarget(
        { name: 'pull_request', payload, ...repo },
        settings,
        noApi
      )
      expect(target).toEqual({
        kind: 'review',
        pullRequest: toPullRequest(repo.owner, repo.repo, pr)
      })
      if (target.kind !== 'review') return
      expect(target.pullRequest).toMatchObject({
        number: pr.number,
        headSha: pr.head.sha,
        baseSha: pr.base.sha,
        draft: false,
        state: 'open'
      })
      expect(target.pullRequest.headSha).toMatch(/^[0-9a-f]{40}$/)
    }
  )

  it('reads pull_request_target payloads the same way', async () => {
    const payload = webhookExample('pull_request', 'opened')
    const target = await resolveReviewTarget(
      { name: 'pull_request_target', payload, ...repo },
      settings,
      noApi
    )
    expect(target.kind).toBe('review')
  })

  it('skips closed pull requests with a notice', async () => {
    const payload = webhookExample('pull_request', 'closed')
    const target = await resolveReviewTarget(
      { name: 'pull_request', payload, ...repo },
      settings,
      noApi
    )
    expect(target).toEqual({
      kind: 'skip',
      reason: expect.stringMatching(/^Pull request #2 is (closed|merged)/)
    })
  })

  it('skips drafts unless review-drafts is set', async () => {
    const payload = webhookExample('pull_request', 'converted_to_draft')
    const skipped = await resolveReviewTarget(
      { name: 'pull_request', payload, ...repo },
      settings,
      noApi
    )
    expect(skipped).toEqual({
      kind: 'skip',
      reason: expect.stringContaining("set 'review-drafts: true'")
    })
    const reviewed = await resolveReviewTarget(
      { name: 'pull_request', payload, ...repo },
      { ...settings, reviewDrafts: true },
      noApi
    )
    expect(reviewed.kind).toBe('review')
  })

  it('fetches the pull request named by pr-number on workflow_dispatch', async () => {
    const payload = webhookExample('workflow_dispatch')
    const pr = webhookExample('pull_request', 'opened')
      .pull_request as PullRequestPayload
    const asked: number[] = []
    const api: PullRequestSource = {
      getPullRequest: async (owner, name, number) => {
        asked.push(number)
        return toPullRequest(owner, name, { ...pr, number })
      },
      listFiles: () => Promise.reject(new Error('not used'))
    }
    const target = await resolveReviewTarget(
      { name: 'workflow_dispatch', payload, ...repo },
      { ...settings, prNumber: 7 },
      api
    )
    expect(asked).toEqual([7])
    expect(target.kind === 'review' && target.pullRequest.number).toBe(7)
  })

  it('asks for pr-number on workflow_dispatch without one', async () => {
    const payload = webhookExample('workflow_dispatch')
    await expect(
      resolveReviewTarget(
        { name: 'workflow_dispatch', payload, ...repo },
        settings,
        noApi
      )
    ).rejects.toThrow(ConfigurationError)
    await expect(
      resolveReviewTarget(
        { name: 'workflow_dispatch', payload, ...repo },
        settings,
        noApi
      )
    ).rejects.toThrow(/Input 'pr-number' is required/)
  })

  it('returns a neutral skip for events without a pull request', async () => {
    const push = webhookExample('push')
    const target = await resolveReviewTarget(
      { name: 'push', payload: push, ...repo },
      settings,
      noApi
    )
    expect(target).toEqual({
      kind: 'skip',
      reason: expect.stringContaining("the 'push' event has none")
    })
  })

  it('marks pull requests from forks', () => {
    const pr = webhookExample('pull_request', 'opened')
      .pull_request as PullRequestPayload
    expect(toPullRequest('Codertocat', 'Hello-World', pr).fromFork).toBe(false)
    const fork = {
      ...pr,
      head: { ...pr.head, repo: { full_name: 'someone/Hello-World' } }
    }
    expect(toPullRequest('Codertocat', 'Hello-World', fork).fromFork).toBe(true)
  })
})
