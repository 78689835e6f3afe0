/**
 * End to end: the bundled action (`node index.js`) publishes reviews to a local GitHub REST
 * server that keeps PR state (reviews, comments, authors) and answers like
 * GitHub, with findings scripted through a local Messages API server.
 */
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from 'vitest'
import { runAction } from './helpers/action-runner.js'
import type { ActionRun } from './helpers/action-runner.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import { LocalGitHub } from '../dev/github-server.js'
import { servePullRequest, servePush } from '../dev/pull-request-fixture.js'
import {
  createReviewFixture,
  ORDERS_HEAD,
  sqlInjection
} from './helpers/review-fixture.js'
import { areaOf, report } from '../dev/review-script.js'
import type { ReviewFixture } from './helpers/review-fixture.js'

const OWNER = 'octo-org'
const REPO = 'shop'
const SUMMARY_MARKER = '<!-- architect-review:summary -->'

/** listOrders has no bound; the model gives a wrong line but the right evidence (line 9). */
const unboundedList = {
  area: 'api',
  severity: 'medium',
  confidence: 0.8,
  path: 'src/orders.ts',
  line: 40,
  title: 'listOrders returns every order',
  problem:
    'The list endpoint has no pagination; with 1M orders the response is huge.',
  recommendation: 'Add limit/offset or cursor pagination.',
  evidence: "  return db.query('SELECT * FROM orders')"
}

const paymentsBug = {
  area: 'security',
  severity: 'high',
  confidence: 0.9,
  path: 'src/payments.ts',
  line: 2,
  title: 'Card number logged',
  problem: 'The full card number goes to the log.',
  recommendation: 'Log only the last four digits.'
}

describe('publishing a review', () => {
  let fixture: ReviewFixture
  let github: LocalGitHub
  let anthropic: LocalAnthropic
  let apiUrl: string
  let anthropicUrl: string
  let findingsByArea: Record<string, unknown[]>

  const DEFAULT_FINDINGS = () => ({
    security: [sqlInjection],
    api: [unboundedList]
  })

  const addPr = (
    number: number,
    head = fixture.head,
    base = fixture.base,
    repo = fixture.repo
  ): Record<string, unknown> =>
    servePullRequest(github, repo, {
      owner: OWNER,
      repo: REPO,
      number,
      baseSha: base,
      headSha: head
    })
  const run = (
    payload: Record<string, unknown>,
    inputs: Record<string, string> = {},
    token = 'ghs_job_token',
    workspace = fixture.repo.dir
  ): Promise<ActionRun> =>
    runAction({
      eventName: 'pull_request',
      payload,
      repository: `${OWNER}/${REPO}`,
      apiUrl,
      workspace,
      inputs: {
        'github-token': token,
        'anthropic-api-key': anthropic.apiKey,
        'anthropic-base-url': anthropicUrl,
        ...inputs
      }
    })

  // A request or answer GitHub's OpenAPI description rejects fails the test that caused it.
  afterEach(() => expect(github.takeViolations()).toEqual([]))

  beforeAll(async () => {
    fixture = createReviewFixture()
    github = new LocalGitHub()
    findingsByArea = DEFAULT_FINDINGS()
    anthropic = new LocalAnthropic((body) => ({
      content: [report(findingsByArea[areaOf(body)] ?? [])]
    }))
    apiUrl = await github.start()
    anthropicUrl = await anthropic.start()
  })
  afterAll(async () => {
    await github.stop()
    await anthropic.stop()
    fixture.repo.cleanup()
    for (const own of owned) own.repo.cleanup()
  })

  /** Repositories of the tests that push: each pushes to its own, so no test sees another's commits. */
  const owned: ReviewFixture[] = []

  /** A pull request of its own repository, reviewed once as a first run. */
  async function reviewedPullRequest(number: number) {
    const own = createReviewFixture()
    owned.push(own)
    findingsByArea = DEFAULT_FINDINGS()
    const payload = addPr(number, own.head, own.base, own.repo)
    const first = await run(payload, {}, 'ghs_job_token', own.repo.dir)
    expect(first.exitCode).toBe(0)
    const push = (head: string): Record<string, unknown> =>
      servePush(github, own.repo, {
        owner: OWNER,
        repo: REPO,
        number,
        baseSha: own.base,
        headSha: head
      }).payload
    return {
      own,
      payload,
      first,
      push,
      run: (payload: Record<string, unknown>, inputs = {}) =>
        run(payload, inputs, 'ghs_job_token', own.repo.dir)
    }
  }

  describe('one pull request over several runs', () => {
    it('first run: one COMMENT review with anchored comments and one summary comment', async () => {
      findingsByArea = DEFAULT_FINDINGS()
      const payload = addPr(7)
      // A human pastes our marker: the action must never take this comment for its own.
      github.addIssueComment(
        OWNER,
        REPO,
        7,
        `${SUMMARY_MARKER}\nI copied this from another PR.`,
        { login: 'alice', type: 'User' }
      )
      const first = await run(payload)
      expect(first.stderr).toBe('')
      expect(first.exitCode).toBe(0)
      expect(github.unexpected).toEqual([])
      const pr = github.pull(OWNER, REPO, 7)
      expect(pr.reviews).toHaveLength(1)
      const [review] = pr.reviews
      expect(review).toMatchObject({
        state: 'COMMENTED',
        commit_id: fixture.head,
        user: { login: 'github-actions[bot]' }
      })
      expect(
        review.comments.map((c) => [c.path, c.line, c.side, c.start_line])
      ).toEqual([
        ['src/orders.ts', 5, 'RIGHT', null],
        ['src/orders.ts', 9, 'RIGHT', null]
      ])
      const reviewPost = github.requests.find(
        (r) => r.method === 'POST' && r.path.endsWith('/pulls/7/reviews')
      )!
      expect(JSON.stringify(reviewPost.body)).not.toContain('"position"')
      expect(review.comments[0].body).toContain(
        '**🔴 Critical** · security — **SQL injection in findOrder**'
      )
      expect(review.comments[0].body).toMatch(
        /<!-- architect-review:fp=[0-9a-f]{16} -->$/
      )
      // The wrong line with matching evidence landed on the right line.
      expect(review.comments[1].body).toContain(
        'listOrders returns every order'
      )

      const ours = pr.issueComments.filter(
        (c) => c.user.login === 'github-actions[bot]'
      )
      expect(ours).toHaveLength(1)
      expect(ours[0].body.startsWith(SUMMARY_MARKER)).toBe(true)
      expect(ours[0].body).toContain('**2 open findings**')
      expect(first.outputs['review-id']).toBe(String(review.id))
      expect(first.outputs['summary-comment-id']).toBe(String(ours[0].id))
      expect(pr.issueComments.find((c) => c.user.login === 'alice')!.body).toBe(
        `${SUMMARY_MARKER}\nI copied this from another PR.`
      )
    })

    it('a re-run on the same head posts nothing new, edits the summary and skips the model', async () => {
      const pull = await reviewedPullRequest(17)
      const calls = anthropic.calls.length
      const writesBefore = github.writes.length
      const again = await pull.run(pull.payload)
      expect(again.exitCode).toBe(0)
      const pr = github.pull(OWNER, REPO, 17)
      expect(pr.reviews).toHaveLength(1)
      expect(anthropic.calls.length).toBe(calls)
      const writes = github.writes.slice(writesBefore)
      expect(
        writes.map((w) => `${w.method} ${w.path.replace(/\d+$/, 'ID')}`)
      ).toEqual([`PATCH /repos/${OWNER}/${REPO}/issues/comments/ID`])
      expect(
        pr.issueComments.filter((c) => c.body.includes(SUMMARY_MARKER))
      ).toHaveLength(1)
      expect(again.outputs['summary-comment-id']).toBe(
        pull.first.outputs['summary-comment-id']
      )
    })

    it('a full re-run on the same head finds the same findings and comments on none again', async () => {
      const pull = await reviewedPullRequest(27)
      const again = await pull.run(pull.payload, { incremental: 'false' })
      expect(again.exitCode).toBe(0)
      expect(github.pull(OWNER, REPO, 27).reviews).toHaveLength(1)
      const findings = JSON.parse(again.outputs.findings)
      expect(findings.map((f: { placement: string }) => f.placement)).toEqual([
        'commented',
        'commented'
      ])
    })

    /** A second head adds a payments bug: the run reviews what changed and comments only on it. */
    async function pushPayments(
      pull: Awaited<ReturnType<typeof reviewedPullRequest>>
    ) {
      pull.own.repo.write(
        'src/payments.ts',
        'export function pay(card) {\n  console.log("paying with", card.number)\n}\n'
      )
      const head2 = pull.own.repo.commit('payments')
      const payload2 = pull.push(head2)
      github.setComparison(OWNER, REPO, pull.own.head, head2, [
        'src/payments.ts'
      ])
      findingsByArea = {
        security: [sqlInjection, paymentsBug],
        api: [unboundedList]
      }
      return { head2, result: await pull.run(payload2) }
    }

    it('a run on a new head comments only on the new finding', async () => {
      const pull = await reviewedPullRequest(37)
      const { head2, result } = await pushPayments(pull)
      expect(result.exitCode).toBe(0)
      const pr = github.pull(OWNER, REPO, 37)
      expect(pr.reviews).toHaveLength(2)
      expect(pr.reviews[1].commit_id).toBe(head2)
      expect(pr.reviews[1].comments.map((c) => [c.path, c.line])).toEqual([
        ['src/payments.ts', 2]
      ])
    })

    it('marks a finding fixed on a later head as resolved and minimizes its comment', async () => {
      // Resolved needs a later head: on the same head a silent pass is model noise, not a fix.
      const pull = await reviewedPullRequest(47)
      const { head2 } = await pushPayments(pull)
      pull.own.repo.write(
        'src/orders.ts',
        ORDERS_HEAD.replace("' + id)", "$1', [id])")
      )
      const head3 = pull.own.repo.commit('parameterize')
      const payload3 = pull.push(head3)
      github.setComparison(OWNER, REPO, head2, head3, ['src/orders.ts'])
      findingsByArea = { security: [paymentsBug], api: [unboundedList] }
      const fourth = await pull.run(payload3, { incremental: 'false' })
      expect(fourth.exitCode).toBe(0)
      const summary = github
        .pull(OWNER, REPO, 47)
        .issueComments.find((c) => c.user.login === 'github-actions[bot]')!
      expect(summary.body).toContain('~~SQL injection in findOrder~~')
      const sqlComment = github
        .pull(OWNER, REPO, 47)
        .reviews[0].comments.find((c) => c.body.includes('SQL injection'))!
      expect(sqlComment.minimized).toBe(true)
    })
  })

  describe('failure paths and limits', () => {
    // Each test sets the findings it needs: tests run in any order.
    beforeEach(() => {
      findingsByArea = DEFAULT_FINDINGS()
    })

    it('422 on the review: finds the comment GitHub cannot place, posts the rest, lists it in the summary', async () => {
      const payload = addPr(8)
      github.rejectComment = ({ line }) => line === 9
      try {
        const result = await run(payload)
        expect(result.exitCode).toBe(0)
      } finally {
        github.rejectComment = () => false
      }
      const pr = github.pull(OWNER, REPO, 8)
      expect(pr.reviews.filter((r) => r.state === 'COMMENTED')).toHaveLength(1)
      expect(pr.reviews.filter((r) => r.state === 'PENDING')).toEqual([])
      expect(pr.reviews[0].comments.map((c) => c.line)).toEqual([5])
      const summary = pr.issueComments[0].body
      expect(summary).toContain(
        'GitHub could not place 1 comment(s) on their lines'
      )
      expect(summary).toMatch(
        /listOrders returns every order \| GitHub could not place it on its line \(422\)/
      )
    })

    it('403 for a read-only token: annotations on the lines, most severe first, and the log says why', async () => {
      const payload = addPr(9)
      github.tokens.set('ghs_read_only', {
        login: 'github-actions[bot]',
        type: 'Bot',
        readOnly: true
      })
      const result = await run(payload, {}, 'ghs_read_only')
      expect(result.exitCode).toBe(0)
      expect(github.pull(OWNER, REPO, 9).reviews).toEqual([])
      const annotations = result.stdout
        .split('\n')
        .filter((l) => /^::(error|warning|notice) title=/.test(l))
      expect(annotations[0]).toMatch(
        /^::error title=critical · security%3A SQL injection in findOrder,file=src\/orders.ts,line=5,endLine=5::/
      )
      expect(annotations[1]).toMatch(
        /^::warning title=medium · api%3A listOrders returns every order,file=src\/orders.ts,line=9,endLine=9::/
      )
      expect(result.stdout).toMatch(
        /::warning::Could not post the review \(403 Resource not accessible by integration/
      )
      expect(result.outputs['summary-comment-id']).toBe('')
    })

    it('makes the same number of GitHub requests for 1 and for 60 findings', async () => {
      const bigFile =
        Array.from(
          { length: 80 },
          (_, i) =>
            `export const handler${i} = (req) => db.query('SELECT ' + req.q${i})`
        ).join('\n') + '\n'
      fixture.repo.write('src/handlers.ts', bigFile)
      const head = fixture.repo.commit('handlers')
      const requestsFor = async (
        number: number,
        count: number
      ): Promise<string[]> => {
        const finding = (i: number) => ({
          ...sqlInjection,
          path: 'src/handlers.ts',
          line: i + 1,
          title: `Injection in handler${i}`,
          evidence: undefined
        })
        findingsByArea = {
          security: Array.from({ length: count }, (_, i) => finding(i))
        }
        const payload = addPr(number, head)
        const before = github.requests.length
        const result = await run(payload, { areas: 'security' })
        expect(result.exitCode).toBe(0)
        return github.requests
          .slice(before)
          .map(
            (r) =>
              `${r.method} ${r.path.replace(/\/\d+\//g, '/N/').replace(/\d+$/, 'N')}`
          )
      }
      const one = await requestsFor(10, 1)
      const sixty = await requestsFor(11, 60)
      // As multisets: some reads run at the same time, in either order.
      expect(sixty.sort()).toEqual(one.sort())
      expect(github.pull(OWNER, REPO, 11).reviews[0].comments).toHaveLength(25)
      expect(github.pull(OWNER, REPO, 11).issueComments[0].body).toContain(
        'over max-comments (25)'
      )
    })

    it('fail-on fails the step after publishing, naming the findings that tripped it', async () => {
      findingsByArea = { security: [sqlInjection], api: [unboundedList] }
      const payload = addPr(12)
      const result = await run(payload, { 'fail-on': 'high' })
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toContain(
        '::error::fail-on: high — 1 open finding(s) at or above high:%0A- critical src/orders.ts:5 SQL injection in findOrder'
      )
      expect(github.pull(OWNER, REPO, 12).reviews).toHaveLength(1)
      expect(github.pull(OWNER, REPO, 12).issueComments).toHaveLength(1)
      const medium = await run(addPr(13), {
        'fail-on': 'critical',
        'min-severity': 'high'
      })
      expect(medium.exitCode).toBe(1)
      const passing = await run(addPr(14), {
        'fail-on': 'critical',
        'min-confidence': '0.99'
      })
      expect(passing.exitCode).toBe(0)
    })

    it('dry-run writes nothing to GitHub and still reports everything', async () => {
      const payload = addPr(15)
      const before = github.writes.length
      const result = await run(payload, { 'dry-run': 'true' })
      expect(result.exitCode).toBe(0)
      expect(github.writes.slice(before)).toEqual([])
      expect(JSON.parse(result.outputs.findings)).toHaveLength(2)
      expect(result.summary).toContain(
        'Dry run: 2 inline comment(s) were not posted.'
      )
    })

    it('never approves: every review it posts is a COMMENT', async () => {
      expect((await run(addPr(16), { 'fail-on': 'low' })).exitCode).toBe(1)
      // Every review posted so far, by this test and by any that ran before it.
      const posted = github.requests.filter(
        (r) => r.method === 'POST' && r.path.endsWith('/reviews')
      )
      expect(posted.length).toBeGreaterThan(0)
      for (const request of posted) {
        const event = (request.body as { event?: string }).event
        expect(event === undefined || event === 'COMMENT').toBe(true)
      }
    })
  })
})
