/** Tests for src/action/answer-run.ts: the agent's answer in one of our threads, in process. */
import { describe, expect, it } from 'vitest'
import { answerInThread } from '../src/action/answer-run.js'
import { actionRunOn } from './helpers/action-harness.js'
import { OWNER, REPO, useLocalServers } from './helpers/local-servers.js'

describe('answerInThread', () => {
  const servers = useLocalServers()

  it("shows the agent the finding's lines at the head and returns its answer", async () => {
    servers.answer = () => ({
      content: [
        {
          type: 'tool_use',
          name: 'answer_thread',
          input: {
            answer: 'The id is concatenated into the SQL string.',
            finding_stands: true,
            reason: 'still concatenated'
          }
        }
      ]
    })
    const f = servers.fixture()
    servers.serve(f, 1)
    const run = await actionRunOn(servers, f, {}, 'pull_request_review_comment')
    const pullRequest = await run.source.getPullRequest(OWNER, REPO, 1)
    const before = servers.anthropic.calls.length
    const answer = await answerInThread(
      pullRequest,
      {
        finding: {
          path: 'src/orders.ts',
          line: 5,
          title: 'SQL injection in findOrder',
          severity: 'critical',
          areas: ['security']
        },
        thread: [
          { author: 'github-actions[bot]', ours: true, body: 'SQL injection' },
          { author: 'octocat', ours: false, body: 'Is this real?' }
        ]
      },
      run
    )
    expect(answer).toMatchObject({
      answer: 'The id is concatenated into the SQL string.',
      withdraw: false,
      turns: 1
    })
    const [request] = servers.anthropic.calls.slice(before)
    const prompt = JSON.stringify(request.body.messages)
    expect(prompt).toContain(
      "     5\\t  return db.query('SELECT * FROM orders WHERE id = ' + id)"
    )
    expect(prompt).toContain('Is this real?')
    expect(request.body.tools?.map((t) => t.name)).toEqual(
      expect.arrayContaining(['Read', 'answer_thread'])
    )
  })
})
