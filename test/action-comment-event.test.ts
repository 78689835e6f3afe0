/** Tests for src/action/comment-event.ts: a PR comment's run in process, through the Step and the local servers. */
import { describe, expect, it } from 'vitest'
import { runCommentEvent } from '../src/action/comment-event.js'
import { Outputs } from '../src/outputs.js'
import { actionRunOn, setTwice } from './helpers/action-harness.js'
import type { TokenIdentity } from '../dev/github-server.js'
import { OWNER, REPO, useLocalServers } from './helpers/local-servers.js'
import { webhookExample } from '../dev/pull-request-fixture.js'
import { securityFindsInjection } from './helpers/review-fixture.js'
import { areaOf, isVerification } from '../dev/review-script.js'

const WRITER: TokenIdentity = { login: 'octocat', type: 'User' }
const READER: TokenIdentity = { login: 'visitor', type: 'User' }

describe('runCommentEvent', () => {
  const servers = useLocalServers({
    setUp: (github) => {
      github.permissions.set(WRITER.login, 'write')
      github.permissions.set(READER.login, 'read')
    }
  })

  /** An issue_comment.created payload for a comment stored on pull request `number`. */
  const commentOn = (number: number, body: string, author: TokenIdentity) => {
    const comment = servers.github.addIssueComment(
      OWNER,
      REPO,
      number,
      body,
      author
    )
    const payload = webhookExample('issue_comment', 'created')
    const issue = payload.issue as Record<string, unknown>
    issue.number = number
    issue.pull_request = {
      url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${number}`
    }
    Object.assign(payload.comment as Record<string, unknown>, {
      id: comment.id,
      body,
      user: { ...(payload.comment as { user: object }).user, ...comment.user }
    })
    return { payload, comment }
  }

  it("a writer's command reviews the areas it names, with 👀 then 🚀", async () => {
    servers.answer = securityFindsInjection
    const f = servers.fixture()
    servers.serve(f, 1)
    const { payload, comment } = commentOn(
      1,
      '/architect-review review security',
      WRITER
    )
    const run = await actionRunOn(servers, f, {}, 'issue_comment')
    const before = servers.anthropic.calls.length
    await runCommentEvent(payload, run)
    const passes = servers.anthropic.calls
      .slice(before)
      .filter((c) => !isVerification(c.body))
      .map((c) => areaOf(c.body))
    expect(new Set(passes)).toEqual(new Set(['security']))
    expect(
      servers.github.reactions
        .filter((r) => r.kind === 'issue' && r.commentId === comment.id)
        .map((r) => r.content)
    ).toEqual(['eyes', 'rocket'])
    expect(run.step.outputs.critical).toBe('1')
    expect(setTwice(run.step)).toEqual([])
    expect(run.step.failures).toEqual([])
  })

  it("a reader's command starts nothing, and every output is set empty", async () => {
    const f = servers.fixture()
    servers.serve(f, 2)
    const { payload } = commentOn(2, '/architect-review full', READER)
    const run = await actionRunOn(servers, f, {}, 'issue_comment')
    const before = servers.anthropic.calls.length
    await runCommentEvent(payload, run)
    expect(servers.anthropic.calls.length).toBe(before)
    expect(run.step.outputs[Outputs.Findings]).toBe('[]')
    expect(setTwice(run.step)).toEqual([])
    expect(run.step.lines).toContainEqual(
      expect.stringContaining("visitor has 'read' permission")
    )
  })

  it('a comment on a plain issue is ignored with a log line', async () => {
    const run = await actionRunOn(servers, undefined, {}, 'issue_comment')
    const before = servers.github.requests.length
    await runCommentEvent(webhookExample('issue_comment', 'created'), run)
    expect(servers.github.requests.length).toBe(before)
    expect(run.step.lines[0]).toMatch(/^info: Nothing to do: /)
    expect(run.step.outputs[Outputs.Findings]).toBe('[]')
  })
})
