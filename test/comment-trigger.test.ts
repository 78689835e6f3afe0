import { describe, expect, it } from 'vitest'
import { readCommentTrigger } from '../src/conversation/comment-trigger.js'
import { webhookExample } from '../dev/pull-request-fixture.js'

/** The real issue_comment.created example, made a pull request's comment. */
function prConversationComment(): Record<string, unknown> {
  const payload = webhookExample('issue_comment', 'created')
  ;(payload.issue as Record<string, unknown>).pull_request = {
    url: 'https://api.github.com/repos/o/r/pulls/1'
  }
  return payload
}

describe('readCommentTrigger', () => {
  it('reads a pull request conversation comment from the real payload', () => {
    const payload = prConversationComment()
    const comment = payload.comment as {
      id: number
      body: string
      user: { login: string }
    }
    const reading = readCommentTrigger('issue_comment', payload)
    expect(reading).toEqual({
      kind: 'trigger',
      trigger: expect.objectContaining({
        event: 'issue_comment',
        kind: 'issue',
        commentId: comment.id,
        body: comment.body,
        author: comment.user.login,
        pullNumber: (payload.issue as { number: number }).number,
        isReply: false
      })
    })
  })

  it('ignores a comment on an issue (the example as GitHub sends it)', () => {
    expect(
      readCommentTrigger(
        'issue_comment',
        webhookExample('issue_comment', 'created')
      )
    ).toMatchObject({
      kind: 'ignore',
      reason: expect.stringMatching(/not on a pull request/)
    })
  })

  it('ignores edited and deleted comments: what runs is what was written when the event fired', () => {
    for (const action of ['edited', 'deleted'])
      expect(
        readCommentTrigger(
          'issue_comment',
          webhookExample('issue_comment', action)
        )
      ).toMatchObject({
        kind: 'ignore',
        reason: expect.stringContaining(action)
      })
  })

  it('ignores bots, by type and by the [bot] login', () => {
    const byType = prConversationComment()
    ;(byType.comment as { user: { type: string } }).user.type = 'Bot'
    const byLogin = prConversationComment()
    ;(byLogin.comment as { user: { login: string } }).user.login =
      'github-actions[bot]'
    for (const payload of [byType, byLogin])
      expect(readCommentTrigger('issue_comment', payload)).toMatchObject({
        kind: 'ignore',
        reason: expect.stringContaining('never answered')
      })
  })

  it('reads a review comment: its thread is the top-level comment, and a fork is noticed', () => {
    const payload = webhookExample('pull_request_review_comment', 'created')
    const comment = payload.comment as { id: number; in_reply_to_id?: number }
    const top = readCommentTrigger('pull_request_review_comment', payload)
    expect(top).toMatchObject({
      kind: 'trigger',
      trigger: {
        kind: 'review',
        threadId: comment.id,
        isReply: false,
        fromFork: false
      }
    })
    comment.in_reply_to_id = 41
    const pr = payload.pull_request as { head: { repo: { full_name: string } } }
    pr.head.repo.full_name = 'someone/fork'
    expect(
      readCommentTrigger('pull_request_review_comment', payload)
    ).toMatchObject({
      kind: 'trigger',
      trigger: { threadId: 41, isReply: true, fromFork: true }
    })
  })

  it('says so when the event file holds no comment', () => {
    expect(readCommentTrigger('issue_comment', {})).toMatchObject({
      kind: 'ignore',
      reason: 'the issue_comment event file has no comment'
    })
  })
})
