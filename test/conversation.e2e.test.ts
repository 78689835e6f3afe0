/**
 * PR comments as an interface, end to end through `node dist/index.js` with
 * real webhook payloads (@octokit/webhooks-examples): commands in the
 * conversation and in review threads, answers in our threads, dismissals
 * that stick, pause and resume, and who may ask.
 */
import { describe, expect, it } from 'vitest'
import { openState, sealState } from '../src/findings/run-state.js'
import type { ActionRun } from './helpers/action-runner.js'
import type { MessagesBody, ScriptedReply } from '../dev/anthropic-server.js'
import { OWNER, REPO, useLocalServers } from './helpers/local-servers.js'
import type { StoredComment, TokenIdentity } from '../dev/github-server.js'
import { webhookExample } from '../dev/pull-request-fixture.js'
import {
  ORDERS_HEAD,
  securityFindsInjection
} from './helpers/review-fixture.js'
import { areaOf, isVerification } from '../dev/review-script.js'
import type { ReviewFixture } from './helpers/review-fixture.js'

const BOT = 'github-actions[bot]'
const WRITER: TokenIdentity = { login: 'octocat', type: 'User' }
const MAINTAINER: TokenIdentity = { login: 'mona', type: 'User' }
const READER: TokenIdentity = { login: 'visitor', type: 'User' }
const OTHER_BOT: TokenIdentity = { login: 'renovate[bot]', type: 'Bot' }

/** A request that answers in a thread (its system prompt), not a pass or a verification. */
const isAnswer = (body: MessagesBody): boolean =>
  JSON.stringify(body.system ?? '').includes('Answering in a review thread')
const answerWith = (input: {
  answer: string
  finding_stands: boolean
  reason: string
}): ScriptedReply => ({
  content: [{ type: 'tool_use', name: 'answer_thread', input }]
})
describe('PR comments: commands, answers in our threads, dismissals', () => {
  const servers = useLocalServers({
    strict: true,
    setUp: (github) => {
      github.permissions.set(WRITER.login, 'write')
      github.permissions.set(MAINTAINER.login, 'maintain')
      github.permissions.set(READER.login, 'read')
    }
  })
  const { github, anthropic, fixture } = servers
  const serve = (
    f: ReviewFixture,
    number: number,
    edit?: (pr: Record<string, unknown>) => void
  ) => servers.serve(f, number, { edit })
  const run = (
    f: ReviewFixture,
    eventName: string,
    payload: Record<string, unknown>,
    inputs: Record<string, string> = {}
  ): Promise<ActionRun> => servers.run(eventName, f, payload, inputs)

  /** A comment in the PR's conversation, stored on the server, and its issue_comment.created payload. */
  const conversationComment = (
    number: number,
    body: string,
    author: TokenIdentity
  ): { payload: Record<string, unknown>; comment: StoredComment } => {
    const comment = github.addIssueComment(OWNER, REPO, number, body, author)
    const payload = webhookExample('issue_comment', 'created')
    const issue = payload.issue as Record<string, unknown>
    issue.number = number
    // What makes an issue_comment a pull request's: the issue carries pull_request.
    issue.pull_request = {
      url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${number}`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}`,
      diff_url: `https://github.com/${OWNER}/${REPO}/pull/${number}.diff`,
      patch_url: `https://github.com/${OWNER}/${REPO}/pull/${number}.patch`
    }
    Object.assign(payload.comment as Record<string, unknown>, {
      id: comment.id,
      node_id: comment.node_id,
      body,
      user: { ...(payload.comment as { user: object }).user, ...comment.user }
    })
    ;(payload.repository as Record<string, unknown>).full_name =
      `${OWNER}/${REPO}`
    return { payload, comment }
  }

  /** A reply in a review thread, stored on the server, and its pull_request_review_comment.created payload. */
  const threadReply = (
    number: number,
    top: StoredComment,
    body: string,
    author: TokenIdentity
  ): { payload: Record<string, unknown>; comment: StoredComment } => {
    const comment = github.addReviewComment(
      OWNER,
      REPO,
      number,
      { body, path: top.path!, line: top.line!, inReplyTo: top.id },
      author
    )
    const payload = webhookExample('pull_request_review_comment', 'created')
    Object.assign(payload.comment as Record<string, unknown>, {
      id: comment.id,
      node_id: comment.node_id,
      body,
      path: comment.path,
      line: comment.line,
      in_reply_to_id: top.id,
      user: { ...(payload.comment as { user: object }).user, ...comment.user }
    })
    payload.pull_request = github.pull(OWNER, REPO, number).pr.data
    ;(payload.repository as Record<string, unknown>).full_name =
      `${OWNER}/${REPO}`
    return { payload, comment }
  }

  const ourReplies = (number: number, top: StoredComment) =>
    github
      .reviewComments(OWNER, REPO, number)
      .filter((c) => c.in_reply_to_id === top.id && c.user.login === BOT)
  const reactionsOn = (id: number) =>
    github.reactions.filter((r) => r.commentId === id).map((r) => r.content)
  const summaryOf = (number: number) =>
    github
      .pull(OWNER, REPO, number)
      .issueComments.find(
        (c) =>
          c.user.login === BOT &&
          c.body.startsWith('<!-- architect-review:summary -->')
      )?.body ?? ''
  const passCalls = (from: number, area?: string) =>
    anthropic.calls
      .slice(from)
      .filter(
        (c) =>
          !isVerification(c.body) &&
          !isAnswer(c.body) &&
          (!area || areaOf(c.body) === area)
      )
  /** Reviews the PR on its pull_request event; returns our inline comment on the injection. */
  const reviewOnPush = async (f: ReviewFixture, number: number) => {
    servers.answer = securityFindsInjection
    const payload = serve(f, number)
    const action = await run(f, 'pull_request', payload)
    expect(action.exitCode).toBe(0)
    const [top] = github
      .reviewComments(OWNER, REPO, number)
      .filter((c) => c.user.login === BOT)
    expect(top.body).toContain('SQL injection in findOrder')
    return { payload, top }
  }

  it("a collaborator's command reviews the PR: 👀 when it starts, 🚀 when it is done", async () => {
    const f = fixture()
    serve(f, 61)
    servers.answer = securityFindsInjection
    const { payload, comment } = conversationComment(
      61,
      '/architect-review',
      WRITER
    )
    const before = anthropic.calls.length
    const action = await run(f, 'issue_comment', payload)
    expect(action.exitCode).toBe(0)
    expect(passCalls(before)).toHaveLength(5)
    expect(reactionsOn(comment.id)).toEqual(['eyes', 'rocket'])
    expect(action.outputs.critical).toBe('1')
    const reviews = github.pull(OWNER, REPO, 61).reviews
    expect(reviews).toHaveLength(1)
    expect(reviews[0].state).toBe('COMMENTED')
    expect(summaryOf(61)).toContain('Reviewed on request of octocat.')
    expect(action.stdout).not.toContain("the 'issue_comment' event has none")
  })

  it('a commenter without write permission, a bot and an edited comment trigger nothing, paid or written', async () => {
    const f = fixture()
    serve(f, 62)
    servers.answer = securityFindsInjection
    const before = anthropic.calls.length
    const writes = github.writes.length

    const reader = conversationComment(62, '/architect-review full', READER)
    const ignored = await run(f, 'issue_comment', reader.payload)
    expect(ignored.exitCode).toBe(0)
    expect(ignored.stdout).toContain(
      "visitor has 'read' permission on the repository"
    )
    // Every output is set, empty, as on every run that reviews nothing.
    expect(ignored.outputs.findings).toBe('[]')
    expect(ignored.outputs.critical).toBe('0')
    const bot = conversationComment(62, '/architect-review', OTHER_BOT)
    const fromBot = await run(f, 'issue_comment', bot.payload)
    expect(fromBot.exitCode).toBe(0)
    expect(fromBot.stdout).toContain(
      'bots (architect-review included) are never answered'
    )
    const edited = conversationComment(62, '/architect-review', WRITER)
    edited.payload.action = 'edited'
    const afterEdit = await run(f, 'issue_comment', edited.payload)
    expect(afterEdit.stdout).toContain('only new comments are read')

    expect(anthropic.calls.length).toBe(before)
    expect(github.writes.length).toBe(writes)
    expect(
      github.reactions.filter((r) =>
        [reader, bot, edited].some((c) => c.comment.id === r.commentId)
      )
    ).toEqual([])
  })

  it('a comment on an issue (the real payload) is not for us', async () => {
    const f = fixture()
    const payload = webhookExample('issue_comment', 'created')
    ;(payload.repository as Record<string, unknown>).full_name =
      `${OWNER}/${REPO}`
    const writes = github.writes.length
    const action = await run(f, 'issue_comment', payload)
    expect(action.exitCode).toBe(0)
    expect(action.stdout).toMatch(
      /the comment is on issue #\d+, not on a pull request/
    )
    expect(github.writes.length).toBe(writes)
  })

  it('`review <areas>` reviews only those areas, `full` every pass again, and a plain command what is still due', async () => {
    const f = fixture()
    serve(f, 63)
    servers.answer = securityFindsInjection
    let before = anthropic.calls.length
    const some = conversationComment(
      63,
      '/architect-review review security, database',
      MAINTAINER
    )
    expect((await run(f, 'issue_comment', some.payload)).exitCode).toBe(0)
    expect(
      passCalls(before)
        .map((c) => areaOf(c.body))
        .sort()
    ).toEqual(['database', 'security'])

    before = anthropic.calls.length
    const rest = conversationComment(63, '/architect-review', WRITER)
    expect((await run(f, 'issue_comment', rest.payload)).exitCode).toBe(0)
    expect(
      passCalls(before)
        .map((c) => areaOf(c.body))
        .sort()
    ).toEqual(['api', 'performance', 'system'])

    before = anthropic.calls.length
    const full = conversationComment(63, '/architect-review full', WRITER)
    const again = await run(f, 'issue_comment', full.payload)
    expect(again.exitCode).toBe(0)
    expect(passCalls(before)).toHaveLength(5)
    // Still one finding, one inline comment: the full review found the same problem again.
    expect(again.outputs.critical).toBe('1')
    expect(
      github.reviewComments(OWNER, REPO, 63).filter((c) => c.user.login === BOT)
    ).toHaveLength(1)
    expect(reactionsOn(full.comment.id)).toEqual(['eyes', 'rocket'])

    const unknownArea = conversationComment(
      63,
      '/architect-review review billing',
      WRITER
    )
    before = anthropic.calls.length
    const refused = await run(f, 'issue_comment', unknownArea.payload)
    expect(refused.exitCode).toBe(1)
    expect(refused.stdout).toContain(
      "The command has an unknown area 'billing'"
    )
    expect(anthropic.calls.length).toBe(before)
    expect(reactionsOn(unknownArea.comment.id)).toEqual(['eyes', 'confused'])
  })

  it('pause skips the next pull_request run with a notice; resume ends that', async () => {
    const f = fixture()
    serve(f, 64)
    servers.answer = securityFindsInjection
    const pause = conversationComment(64, '/architect-review pause', WRITER)
    const paused = await run(f, 'issue_comment', pause.payload)
    expect(paused.exitCode).toBe(0)
    expect(reactionsOn(pause.comment.id)).toEqual(['eyes', 'rocket'])
    expect(summaryOf(64)).toContain(
      'Automatic reviews are paused (by `octocat`'
    )
    expect(summaryOf(64)).toContain('Not reviewed yet.')

    f.repo.write('src/orders.ts', `${ORDERS_HEAD}\nexport const version = 2\n`)
    const head2 = f.repo.commit('version')
    const pushed = servers.push(f, 64, head2, false)
    let before = anthropic.calls.length
    const skipped = await run(f, 'pull_request', pushed)
    expect(skipped.exitCode).toBe(0)
    expect(skipped.stdout).toMatch(
      /::notice::Automatic reviews of pull request #64 are paused \(by octocat/
    )
    expect(anthropic.calls.length).toBe(before)
    expect(github.pull(OWNER, REPO, 64).reviews).toHaveLength(0)
    // A gate cannot pass a head nobody reviewed.
    const gated = await run(f, 'pull_request', pushed, { 'fail-on': 'high' })
    expect(gated.exitCode).toBe(1)
    expect(gated.stdout).toContain(
      '::error::fail-on: high cannot pass while automatic reviews are paused'
    )
    expect(anthropic.calls.length).toBe(before)

    const resume = conversationComment(
      64,
      '/architect-review resume',
      MAINTAINER
    )
    expect((await run(f, 'issue_comment', resume.payload)).exitCode).toBe(0)
    expect(summaryOf(64)).not.toContain('Automatic reviews are paused')
    before = anthropic.calls.length
    const reviewed = await run(f, 'pull_request', pushed)
    expect(reviewed.exitCode).toBe(0)
    expect(passCalls(before)).toHaveLength(5)
    expect(reviewed.outputs.critical).toBe('1')
  })

  it('an answer never spends past max-cost-usd: a cap too small for one turn makes no request, and says so', async () => {
    const f = fixture()
    const { top } = await reviewOnPush(f, 66)
    const question = threadReply(66, top, 'Is this real?', WRITER)
    servers.answer = (body) =>
      isAnswer(body)
        ? answerWith({ answer: 'Yes.', finding_stands: true, reason: 'real' })
        : securityFindsInjection(body)
    const before = anthropic.calls.length
    const action = await run(
      f,
      'pull_request_review_comment',
      question.payload,
      {
        'max-cost-usd': '0.002'
      }
    )
    expect(anthropic.calls.length - before).toBe(0)
    expect(action.exitCode).toBe(1)
    expect(action.stdout).toContain(
      'max-cost-usd ($0.002) leaves no room for an answer'
    )
    expect(reactionsOn(question.comment.id)).toEqual(['eyes', 'confused'])
    expect(ourReplies(66, top)).toEqual([])
  })

  it('a reply in our thread is answered in that thread, once, by the agent that sees the finding, the thread and the code', async () => {
    const f = fixture()
    const { top } = await reviewOnPush(f, 65)
    const question = threadReply(
      65,
      top,
      'Is `id` not validated by the router already?',
      WRITER
    )
    const asked: MessagesBody[] = []
    servers.answer = (body) => {
      if (!isAnswer(body)) return securityFindsInjection(body)
      asked.push(body)
      return answerWith({
        answer:
          'No: the route `/orders/:id` passes `req.params.id` through unchanged; see src/orders.ts line 4.',
        finding_stands: true,
        reason: 'the id reaches the query unvalidated'
      })
    }
    const before = anthropic.calls.length
    const action = await run(f, 'pull_request_review_comment', question.payload)
    expect(action.exitCode).toBe(0)
    expect(anthropic.calls.length - before).toBe(1)
    const prompt = JSON.stringify(asked[0].messages)
    expect(prompt).toContain('SQL injection in findOrder')
    expect(prompt).toContain('Is `id` not validated by the router already?')
    expect(prompt).toContain(
      "db.query('SELECT * FROM orders WHERE id = ' + id)"
    )
    const replies = ourReplies(65, top)
    expect(replies).toHaveLength(1)
    expect(replies[0].body).toContain(
      'passes `req.params.id` through unchanged'
    )
    expect(reactionsOn(question.comment.id)).toEqual(['eyes', 'rocket'])
    expect(action.summary).toMatch(
      new RegExp(
        `comment ${question.comment.id} by octocat: answered in 1 turn\\(s\\) for \\$\\d`
      )
    )

    // With answer-replies off, a reply is only read: no model call, nothing written.
    const quiet = threadReply(65, top, 'And the other route?', WRITER)
    const off = await run(f, 'pull_request_review_comment', quiet.payload, {
      'answer-replies': 'false'
    })
    expect(off.exitCode).toBe(0)
    expect(off.stdout).toContain('(answer-replies is off)')
    expect(reactionsOn(quiet.comment.id)).toEqual([])

    // "Re-run job": the reply is answered already; nothing is paid or posted again.
    const rerun = await run(f, 'pull_request_review_comment', question.payload)
    expect(rerun.exitCode).toBe(0)
    expect(anthropic.calls.length - before).toBe(1)
    expect(ourReplies(65, top)).toHaveLength(1)
  })

  it('when the discussion shows the finding is wrong, the answer says so and withdraws it', async () => {
    const f = fixture()
    const { top } = await reviewOnPush(f, 66)
    const question = threadReply(
      66,
      top,
      '`db.query` here is a logging stub, it never reaches a database.',
      MAINTAINER
    )
    servers.answer = (body) =>
      isAnswer(body)
        ? answerWith({
            answer:
              'You are right: `db.query` returns its argument; nothing is executed.',
            finding_stands: false,
            reason: 'db.query is a stub that only returns the SQL text'
          })
        : securityFindsInjection(body)
    const action = await run(f, 'pull_request_review_comment', question.payload)
    expect(action.exitCode).toBe(0)
    const reply = ourReplies(66, top)[0]
    expect(reply?.body).toContain('_Withdrawn: db.query is a stub')
    expect(github.pull(OWNER, REPO, 66).resolvedThreads.has(top.id)).toBe(true)
    const summary = summaryOf(66)
    expect(summary).toContain('### Dismissed by reviewers')
    expect(summary).toContain('dismissed by architect-review')
    expect(summary).toContain('No open findings')
  })

  it('dismiss resolves the thread, is listed in the summary, does not count for fail-on, and is not posted again after a push', async () => {
    const f = fixture()
    const { top } = await reviewOnPush(f, 67)
    const dismissal = threadReply(
      67,
      top,
      // A second line that would be a workflow command if it reached the log as its own line.
      '/architect-review dismiss ids are UUIDs checked by the gateway\n::error::forged by a comment',
      WRITER
    )
    const before = anthropic.calls.length
    const dismissed = await run(
      f,
      'pull_request_review_comment',
      dismissal.payload,
      { 'fail-on': 'high' }
    )
    expect(dismissed.exitCode).toBe(0)
    expect(dismissed.stdout).not.toMatch(/^::error::forged/m)
    expect(anthropic.calls.length).toBe(before)
    expect(reactionsOn(dismissal.comment.id)).toEqual(['eyes', 'rocket'])
    expect(github.pull(OWNER, REPO, 67).resolvedThreads.has(top.id)).toBe(true)
    expect(dismissed.outputs.critical).toBe('0')
    expect(summaryOf(67)).toContain('### Dismissed by reviewers')
    expect(summaryOf(67)).toContain('ids are UUIDs checked by the gateway')
    expect(summaryOf(67)).toMatch(/dismissed by octocat on \d{4}-\d{2}-\d{2}/)

    // A push: the model reports the same problem again; it is not posted, not gated, still listed.
    f.repo.write('src/orders.ts', `${ORDERS_HEAD}\nexport const version = 2\n`)
    const head2 = f.repo.commit('version')
    const pushed = servers.push(f, 67, head2)
    servers.answer = securityFindsInjection
    const after = anthropic.calls.length
    const next = await run(f, 'pull_request', pushed, { 'fail-on': 'high' })
    expect(next.exitCode).toBe(0)
    expect(passCalls(after, 'security')).toHaveLength(1)
    expect(next.outputs.critical).toBe('0')
    expect(github.pull(OWNER, REPO, 67).reviews).toHaveLength(1)
    expect(summaryOf(67)).toContain('ids are UUIDs checked by the gateway')
    const document = JSON.parse(next.findingsFile!)
    expect(
      document.findings.filter(
        (x: { status: string }) => x.status === 'dismissed'
      )
    ).toHaveLength(1)
  })

  it('a dismissal written while a push is being reviewed is taken in, not overwritten', async () => {
    const f = fixture()
    const { top } = await reviewOnPush(f, 72)
    const fp = /fp=([0-9a-f]{16})/.exec(top.body)![1]
    f.repo.write('src/orders.ts', `${ORDERS_HEAD}\nexport const version = 2\n`)
    const head2 = f.repo.commit('version')
    const pushed = servers.push(f, 72, head2)
    // While the security pass runs, a comment run (another job) records a dismissal in the summary.
    const seal = { secret: anthropic.apiKey, scope: `${OWNER}/${REPO}#72` }
    let dismissedMeanwhile = false
    servers.answer = (body) => {
      if (!dismissedMeanwhile && areaOf(body) === 'security') {
        dismissedMeanwhile = true
        const summary = github
          .pull(OWNER, REPO, 72)
          .issueComments.find((c) => c.user.login === BOT)!
        const lines = summary.body.split('\n')
        const sealed = /^<!-- architect-review:state (\S+) -->$/.exec(
          lines[lines.length - 1]
        )![1]
        const opened = openState(sealed, seal)
        if (!opened.ok) throw new Error(opened.why)
        const state = {
          ...opened.state,
          dismissed: [
            {
              fp,
              path: 'src/orders.ts',
              title: 'SQL injection in findOrder',
              by: 'mona',
              at: '2026-11-29T12:00:00Z',
              reason: 'checked by the gateway'
            }
          ]
        }
        lines[lines.length - 1] =
          `<!-- architect-review:state ${sealState(state, seal)} -->`
        summary.body = lines.join('\n')
      }
      return securityFindsInjection(body)
    }
    const review = await run(f, 'pull_request', pushed, { 'fail-on': 'high' })
    expect(dismissedMeanwhile).toBe(true)
    expect(review.exitCode).toBe(0)
    expect(review.outputs.critical).toBe('0')
    expect(summaryOf(72)).toContain(
      '1 finding(s) were dismissed while this review ran'
    )
    expect(summaryOf(72)).toContain(
      'dismissed by mona on 2026-11-29: checked by the gateway'
    )
    // The state the push run wrote keeps the dismissal: a re-run still does not count it.
    const rerun = await run(f, 'pull_request', pushed, { 'fail-on': 'high' })
    expect(rerun.exitCode).toBe(0)
    expect(rerun.outputs.critical).toBe('0')
  })

  it('without contents: write the dismissed comment is minimized as resolved instead', async () => {
    const f = fixture()
    const { top } = await reviewOnPush(f, 68)
    github.canResolveThreads = false
    try {
      const dismissal = threadReply(
        68,
        top,
        '/architect-review dismiss accepted risk for the beta',
        WRITER
      )
      const action = await run(
        f,
        'pull_request_review_comment',
        dismissal.payload
      )
      expect(action.exitCode).toBe(0)
      expect(github.pull(OWNER, REPO, 68).resolvedThreads.has(top.id)).toBe(
        false
      )
      const stored = github
        .reviewComments(OWNER, REPO, 68)
        .find((c) => c.id === top.id)
      expect(stored?.minimized).toBe(true)
      expect(stored?.minimizedAs).toBe('RESOLVED')
    } finally {
      github.canResolveThreads = true
    }
  })

  it('a review comment on a fork PR gets a notice pointing to the issue_comment command', async () => {
    const f = fixture()
    const { top } = await reviewOnPush(f, 69)
    const pr = github.pull(OWNER, REPO, 69).pr.data as unknown as {
      head: { repo: { full_name: string } }
    }
    pr.head.repo.full_name = 'someone/shop-fork'
    const question = threadReply(69, top, '/architect-review full', WRITER)
    const writes = github.writes.length
    const before = anthropic.calls.length
    const action = await run(f, 'pull_request_review_comment', question.payload)
    expect(action.exitCode).toBe(0)
    expect(action.stdout).toMatch(
      /::notice::This pull request comes from a fork.*Comment `\/architect-review` on the pull request's conversation instead/
    )
    expect(github.writes.length).toBe(writes)
    expect(anthropic.calls.length).toBe(before)
  })

  it('a command on a closed PR does nothing paid; help replies with the commands', async () => {
    const f = fixture()
    serve(f, 70, (pr) => {
      pr.state = 'closed'
    })
    const before = anthropic.calls.length
    const closed = conversationComment(70, '/architect-review full', WRITER)
    const action = await run(f, 'issue_comment', closed.payload)
    expect(action.exitCode).toBe(0)
    expect(action.stdout).toContain('::notice::Pull request #70 is closed')
    expect(anthropic.calls.length).toBe(before)
    expect(reactionsOn(closed.comment.id)).toEqual(['eyes', 'confused'])

    const g = fixture()
    serve(g, 71)
    const help = conversationComment(71, '/architect-review help', WRITER)
    expect((await run(g, 'issue_comment', help.payload)).exitCode).toBe(0)
    const reply = github
      .pull(OWNER, REPO, 71)
      .issueComments.find((c) => c.user.login === BOT)
    expect(reply?.body).toContain('`/architect-review pause`')
    expect(reply?.body).toContain('`security`')
    expect(reply?.body).toContain(
      `<!-- architect-review:reply-to=${help.comment.id} -->`
    )
    expect(anthropic.calls.length).toBe(before)
  })
})
