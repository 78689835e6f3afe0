/**
 * What answering comments asks of GitHub, through the real Octokit client
 * against the local server, every request and answer held to GitHub's
 * OpenAPI description.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createOctokit } from '../src/github/octokit.js'
import { createPullRequestWriter } from '../src/github/pull-request-writer.js'
import type { ConversationWriter } from '../src/github/pull-request-writer-types.js'
import { LocalGitHub } from '../dev/github-server.js'
import type { StoredComment } from '../dev/github-server.js'

const PATCH = '@@ -0,0 +1,3 @@\n+a\n+b\n+c'

describe('the conversation writer', () => {
  let github: LocalGitHub
  let writer: ConversationWriter
  let number = 0

  beforeAll(async () => {
    github = new LocalGitHub()
    const url = await github.start()
    github.permissions.set('octocat', 'write')
    github.permissions.set('mona', 'maintain')
    github.permissions.set('root', 'admin')
    github.permissions.set('helper', 'triage')
    writer = createPullRequestWriter(
      createOctokit('ghs_job', url, 0.01),
      'o',
      'r',
      1
    )
  })
  afterAll(() => github.stop())
  afterEach(() => {
    expect(github.takeViolations()).toEqual([])
    expect(github.unexpected).toEqual([])
  })

  /** A fresh PR (number 1 for the writer) with one review comment of ours on a.ts:2. */
  const pullWithThread = async (): Promise<StoredComment> => {
    number++
    github.addPullRequest('o', 'r', {
      data: {
        number: 1,
        state: 'open',
        head: { sha: 'h'.repeat(40), ref: 'f' },
        base: { sha: 'b'.repeat(40), ref: 'main' }
      },
      files: [{ filename: 'a.ts', status: 'added', patch: PATCH }]
    })
    await writer.createReview({
      commitId: 'h'.repeat(40),
      body: `review ${number}`,
      comments: [{ path: 'a.ts', line: 2, side: 'RIGHT', body: 'finding' }]
    })
    return github.reviewComments('o', 'r', 1)[0]
  }

  it("reads no identity from an app's token (403), and fails on anything else instead of guessing", async () => {
    // The job's GITHUB_TOKEN: GET /user answers 403.
    expect(await writer.whoAmI()).toBeUndefined()
    github.fault = (request) =>
      request.path === '/user'
        ? { status: 500, body: { message: 'Server Error' } }
        : undefined
    try {
      // 500 after the retries: a guess would hide our own summary.
      await expect(writer.whoAmI()).rejects.toMatchObject({ status: 500 })
    } finally {
      github.fault = () => undefined
    }
  })

  it('does not take a failed compare or a force-push for an unchanged head', async () => {
    const [a, b] = ['a'.repeat(40), 'b'.repeat(40)]
    github.setComparison('o', 'r', a, b, ['x.ts'])
    expect(await writer.changedFilesBetween(a, b)).toEqual(['x.ts'])
    github.setComparison('o', 'r', b, a, [], 'behind')
    expect(await writer.changedFilesBetween(b, a)).toBeUndefined()
    github.setComparison('o', 'r', a, 'c'.repeat(40), ['y.ts'], 'diverged')
    expect(await writer.changedFilesBetween(a, 'c'.repeat(40))).toBeUndefined()
    // A commit GitHub no longer has: 404, unknown.
    expect(await writer.changedFilesBetween(a, 'd'.repeat(40))).toBeUndefined()
    github.fault = (request) =>
      request.path.includes('/compare/')
        ? { status: 500, body: { message: 'Server Error' } }
        : undefined
    try {
      await expect(writer.changedFilesBetween(a, b)).rejects.toMatchObject({
        status: 500
      })
    } finally {
      github.fault = () => undefined
    }
  })

  it('reads permissions as the collaborator-permission API gives them, maintain included', async () => {
    expect(await writer.permissionOf('octocat')).toBe('write')
    expect(await writer.permissionOf('mona')).toBe('maintain')
    expect(await writer.permissionOf('root')).toBe('admin')
    expect(await writer.permissionOf('helper')).toBe('read')
    expect(await writer.permissionOf('stranger')).toBe('read')
  })

  it('reacts on conversation and review comments; the same reaction twice is one', async () => {
    const top = await pullWithThread()
    const talk = github.addIssueComment('o', 'r', 1, 'hi', {
      login: 'octocat',
      type: 'User'
    })
    await writer.react('issue', talk.id, 'eyes')
    await writer.react('issue', talk.id, 'eyes')
    await writer.react('review', top.id, 'rocket')
    expect(
      github.reactions.filter((r) => [talk.id, top.id].includes(r.commentId))
    ).toEqual([
      {
        kind: 'issue',
        commentId: talk.id,
        content: 'eyes',
        user: 'github-actions[bot]'
      },
      {
        kind: 'review',
        commentId: top.id,
        content: 'rocket',
        user: 'github-actions[bot]'
      }
    ])
  })

  it('replies in a thread once, even when the answer to the create is lost', async () => {
    const top = await pullWithThread()
    let lost = 0
    github.loseAnswer = (request) =>
      request.method === 'POST' &&
      request.path.endsWith('/replies') &&
      lost++ === 0
    try {
      const marker = '<!-- architect-review:reply-to=7 -->'
      const id = await writer.replyInThread(top.id, `answer\n${marker}`, marker)
      const replies = github
        .reviewComments('o', 'r', 1)
        .filter((c) => c.in_reply_to_id === top.id)
      expect(replies).toHaveLength(1)
      expect(replies[0].id).toBe(id)
    } finally {
      github.loseAnswer = () => false
    }
  })

  it('reads a review comment with its thread and place; an unknown one is undefined', async () => {
    const top = await pullWithThread()
    const reply = github.addReviewComment(
      'o',
      'r',
      1,
      { body: 'why?', path: 'a.ts', line: 2, inReplyTo: top.id },
      { login: 'octocat', type: 'User' }
    )
    expect(await writer.getReviewComment(reply.id)).toMatchObject({
      id: reply.id,
      inReplyTo: top.id,
      path: 'a.ts',
      line: 2,
      author: 'octocat',
      authorIsBot: false
    })
    expect(await writer.getReviewComment(999_999)).toBeUndefined()
  })

  it('closes a thread by resolving it, or minimizes its comment as resolved when the token may not', async () => {
    const top = await pullWithThread()
    expect(await writer.closeThread(top.id, top.node_id)).toBe('resolved')
    expect(github.pull('o', 'r', 1).resolvedThreads.has(top.id)).toBe(true)

    const other = await pullWithThread()
    github.canResolveThreads = false
    try {
      expect(await writer.closeThread(other.id, other.node_id)).toBe(
        'minimized'
      )
    } finally {
      github.canResolveThreads = true
    }
    const stored = github
      .reviewComments('o', 'r', 1)
      .find((c) => c.id === other.id)
    expect(stored).toMatchObject({ minimized: true, minimizedAs: 'RESOLVED' })
  })
})
