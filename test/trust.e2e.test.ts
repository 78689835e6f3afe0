/**
 * The gate's holes an attack run found, each closed and proved end to end
 * through the bundled action against the local GitHub and Messages servers.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { openState, sealState } from '../src/findings/run-state.js'
import type { RunState } from '../src/findings/run-state.js'
import type { MessagesBody, ScriptedReply } from '../dev/anthropic-server.js'
import {
  areaOf,
  isVerification,
  report,
  verdicts
} from '../dev/review-script.js'
import {
  handlersRepository,
  handlersReviewer
} from '../dev/reference-pull-request.js'
import { OWNER, REPO, useLocalServers } from './helpers/local-servers.js'
import { ORDERS_HEAD, sqlInjection } from './helpers/review-fixture.js'
import { commandsIn } from './helpers/runner-commands.js'
import { webhookExample } from '../dev/pull-request-fixture.js'

/** A model that reports the injection only while the code it is shown still concatenates the id. */
function injectionWhileConcatenated(body: MessagesBody): ScriptedReply {
  if (isVerification(body))
    return verdicts(body, () => ({ keep: true, reason: 'Real.' }))
  const concatenated = JSON.stringify(body.messages).includes(
    "WHERE id = ' + id"
  )
  return {
    content: [
      report(areaOf(body) === 'security' && concatenated ? [sqlInjection] : [])
    ]
  }
}

/** Our summary comment on pull request 1 and the sealed state it carries, read and rewritten as another run would. */
function summaryOf(servers: ReturnType<typeof useLocalServers>) {
  const seal = { secret: servers.anthropic.apiKey, scope: `${OWNER}/${REPO}#1` }
  const comment = () =>
    servers.github
      .pull(OWNER, REPO, 1)
      .issueComments.find((c) => c.user.login === 'github-actions[bot]')!
  const state = (): RunState => {
    const lines = comment().body.split('\n')
    const sealed = /^<!-- architect-review:state (\S+) -->$/.exec(lines.at(-1)!)
    const opened = openState(sealed![1], seal)
    if (!opened.ok) throw new Error(opened.why)
    return opened.state
  }
  const write = (next: RunState): void => {
    const lines = comment().body.split('\n')
    lines[lines.length - 1] =
      `<!-- architect-review:state ${sealState(next, seal)} -->`
    servers.github.editIssueComment(comment(), lines.join('\n'))
  }
  return { comment, state, write }
}

/** The security pass reports the injection; the verifier keeps it. */
const injectionKept = (body: MessagesBody): ScriptedReply =>
  isVerification(body)
    ? verdicts(body, () => ({ keep: true, reason: 'Real.' }))
    : { content: [report(areaOf(body) === 'security' ? [sqlInjection] : [])] }

/** Pull request 1 of a fresh fixture, reviewed once (the injection kept); its summary. */
async function reviewedOnce(servers: ReturnType<typeof useLocalServers>) {
  servers.answer = injectionKept
  const f = servers.fixture()
  expect(
    (await servers.run('pull_request', f, servers.serve(f, 1))).exitCode
  ).toBe(0)
  return { f, summary: summaryOf(servers) }
}

describe('a gate depends on the head, never on the path of pushes', () => {
  const servers = useLocalServers()

  it('a force-push back to a head that failed the gate fails it again', async () => {
    servers.answer = injectionWhileConcatenated
    const f = servers.fixture()
    const gate = { 'fail-on': 'high' }
    const h1 = await servers.run('pull_request', f, servers.serve(f, 1), gate)
    expect(h1.exitCode).toBe(1)

    f.repo.write('src/orders.ts', ORDERS_HEAD.replace("' + id)", "$1', [id])"))
    const h2 = f.repo.commit('parameterize')
    const fixed = await servers.run(
      'pull_request',
      f,
      servers.push(f, 1, h2),
      gate
    )
    expect(fixed.exitCode).toBe(0)

    // Force-push back to H1: GitHub compares H2...H1 as 'behind', no files.
    const back = servers.push(f, 1, f.head, false)
    servers.github.setComparison(OWNER, REPO, h2, f.head, [], 'behind')
    const again = await servers.run('pull_request', f, back, gate)
    expect(again.exitCode).toBe(1)
    expect(again.outputs.critical).toBe('1')
    expect(again.stdout).toContain(
      `does not descend from it, or GitHub cannot compare them`
    )
  })
})

describe('untrusted text starts no workflow command in the log', () => {
  const servers = useLocalServers()

  it('model-written titles and problems with carriage returns, Unicode separators and :: lines stay text', async () => {
    const hostile = {
      ...sqlInjection,
      title: 'Injection\r::add-mask::sk-ant-visible',
      problem:
        'Bad.\u2028::error file=src/server.js,line=1::pwned\n::stop-commands::x',
      recommendation: 'Fix.\r\n  ::set-output name=critical::0'
    }
    servers.answer = (body) =>
      isVerification(body)
        ? verdicts(body, () => ({ keep: true, reason: '\r::warning::kept' }))
        : { content: [report(areaOf(body) === 'security' ? [hostile] : [])] }
    const f = servers.fixture()
    const run = await servers.run('pull_request', f, servers.serve(f, 1))
    expect(run.exitCode).toBe(0)
    const commands = commandsIn(run.stdout)
    expect(
      commands.filter((c) =>
        /sk-ant-visible|pwned|name=critical::0|::warning::kept/.test(c)
      )
    ).toEqual([])
    // The runner's own commands still pass: groups, outputs, annotations.
    expect(commands.some((c) => c.startsWith('::group::'))).toBe(true)
  })
})

describe('a command is read only where Markdown reads a paragraph', () => {
  const servers = useLocalServers({
    setUp: (github) => github.permissions.set('octocat', 'write')
  })

  it('an indented code block that holds the command pauses nothing', async () => {
    const f = servers.fixture()
    servers.serve(f, 1)
    const body = '    /architect-review pause'
    const comment = servers.github.addIssueComment(OWNER, REPO, 1, body, {
      login: 'octocat',
      type: 'User'
    })
    const payload = webhookExample('issue_comment', 'created')
    Object.assign(payload.issue as object, {
      number: 1,
      pull_request: {
        url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/1`
      }
    })
    Object.assign(payload.comment as object, {
      id: comment.id,
      body,
      user: { ...(payload.comment as { user: object }).user, ...comment.user }
    })
    const writes = servers.github.writes.length
    const run = await servers.run('issue_comment', f, payload)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('is not a /architect-review command')
    expect(servers.github.writes.length).toBe(writes)
    expect(servers.github.reactions).toEqual([])
  })
})

describe('a verification that failed is said, never read as a pass', () => {
  const servers = useLocalServers()

  it('the summaries say the finding was kept unverified, not that it was checked', async () => {
    servers.answer = (body) =>
      isVerification(body)
        ? {
            error: {
              status: 500,
              type: 'api_error',
              message: 'Internal server error'
            }
          }
        : {
            content: [report(areaOf(body) === 'security' ? [sqlInjection] : [])]
          }
    const f = servers.fixture()
    const run = await servers.run('pull_request', f, servers.serve(f, 1), {
      'fail-on': 'high'
    })
    expect(run.exitCode).toBe(1)
    expect(run.summary).not.toContain('1 finding(s) checked')
    expect(run.summary).toContain(
      '0 finding(s) checked, 0 dropped, 1 not verified'
    )
    const summary = servers.github
      .pull(OWNER, REPO, 1)
      .issueComments.find((c) => c.user.login === 'github-actions[bot]')!
    expect(summary.body).toContain(
      '1 finding(s) could not be verified (the verification failed or did not run)'
    )
  })
})

describe('a reworded re-report is the same finding', () => {
  const servers = useLocalServers()

  it('keeps the earlier comment: nothing posted twice, and its fix resolves that comment', async () => {
    let title = sqlInjection.title
    let fixed = false
    servers.answer = (body) =>
      isVerification(body)
        ? verdicts(body, () => ({ keep: true, reason: 'Real.' }))
        : {
            content: [
              report(
                areaOf(body) === 'security' && !fixed
                  ? [{ ...sqlInjection, title }]
                  : []
              )
            ]
          }
    const f = servers.fixture()
    expect(
      (await servers.run('pull_request', f, servers.serve(f, 1))).exitCode
    ).toBe(0)
    const inline = () =>
      servers.github
        .pull(OWNER, REPO, 1)
        .reviews.flatMap((r) => r.comments)
        .filter((c) => c.path === 'src/orders.ts')

    // A new head; the model words the same problem differently.
    f.repo.write('src/orders.ts', `${ORDERS_HEAD}// touched\n`)
    const h2 = f.repo.commit('touch orders')
    title = 'SQL injection in findOrder: id concatenated into the query'
    const second = await servers.run('pull_request', f, servers.push(f, 1, h2))
    expect(second.exitCode).toBe(0)
    expect(inline()).toHaveLength(1)

    // Fixed: the one comment is resolved (minimized), none left open.
    f.repo.write('src/orders.ts', ORDERS_HEAD.replace("' + id)", "$1', [id])"))
    const h3 = f.repo.commit('parameterize')
    fixed = true
    const payload = servers.push(f, 1, h3, false)
    servers.github.setComparison(OWNER, REPO, h2, h3, ['src/orders.ts'])
    expect((await servers.run('pull_request', f, payload)).exitCode).toBe(0)
    expect(inline()).toHaveLength(1)
    expect(inline()[0].minimized).toBe(true)
  })
})

describe('model text posted inert', () => {
  const servers = useLocalServers()

  it('no invisible characters, no live issue references, no row cut by a lone carriage return', async () => {
    const hostile = {
      ...sqlInjection,
      title: 'SQL injection\u2063 in findOrder, see #1\rand octo/other#5',
      problem: `Hidden\u{E0069}\u{E0067}\u{E006E} instructions; like GH-7.`
    }
    servers.answer = (body) =>
      isVerification(body)
        ? verdicts(body, () => ({ keep: true, reason: 'Real.' }))
        : { content: [report(areaOf(body) === 'security' ? [hostile] : [])] }
    const f = servers.fixture()
    const commented = await servers.run('pull_request', f, servers.serve(f, 1))
    expect(commented.exitCode).toBe(0)
    // Over max-comments, the finding is a row of the summary's table.
    const listed = await servers.run('pull_request', f, servers.serve(f, 2), {
      'max-comments': '0'
    })
    expect(listed.exitCode).toBe(0)
    const inline = servers.github.pull(OWNER, REPO, 1).reviews[0].comments[0]
      .body
    const summary = servers.github
      .pull(OWNER, REPO, 2)
      .issueComments.find((c) => c.user.login === 'github-actions[bot]')!.body
    for (const body of [inline, summary, listed.summary]) {
      expect(body).not.toMatch(/[\u2063\u{E0000}-\u{E007F}\r]/u)
      expect(body).not.toMatch(/(^|[^`])(#1|octo\/other#5|GH-7)(?!`)/m)
      expect(body).toContain('`#1`')
    }
    // The summary's row holds the whole title on one line.
    expect(summary).toMatch(
      /^\|.*SQL injection in findOrder, see `#1` and `octo\/other#5`.*\|$/m
    )
  })
})

describe('a pull request does not choose what the gate sees', () => {
  const servers = useLocalServers()

  /** The security pass reports what it is shown in src/users.js. */
  const usersInjection = (body: MessagesBody): ScriptedReply => {
    if (isVerification(body))
      return verdicts(body, () => ({ keep: true, reason: 'Real.' }))
    const shown = JSON.stringify(body.messages).includes("WHERE name = ' +")
    return {
      content: [
        report(
          areaOf(body) === 'security' && shown
            ? [
                {
                  ...sqlInjection,
                  path: 'src/users.js',
                  line: 3,
                  title: 'SQL injection in findUser',
                  evidence: undefined
                }
              ]
            : []
        )
      ]
    }
  }

  it('a hand-written file that calls itself generated is reviewed while fail-on is set', async () => {
    servers.answer = usersInjection
    const f = servers.fixture()
    f.repo.write(
      'src/users.js',
      "/* @generated */\nexport function findUser(req) {\n  return db.query('SELECT * FROM users WHERE name = ' + req.query.name)\n}\n"
    )
    const head = f.repo.commit('users')
    const run = await servers.run(
      'pull_request',
      f,
      servers.serve(f, 1, { head }),
      { 'fail-on': 'high' }
    )
    expect(run.exitCode).toBe(1)
    expect(run.outputs.critical).toBe('1')
    // Without a gate it is skipped, and the plan says whose marker it was.
    const ungated = await servers.run(
      'pull_request',
      f,
      servers.serve(f, 2, { head })
    )
    expect(ungated.exitCode).toBe(0)
    expect(ungated.summary).toContain(
      "| `src/users.js` | generated: line 1 of the file at the head carries the marker '@generated'; the marker came with this change |"
    )
  })
})

describe('key material never reaches the model, and is a finding of its own', () => {
  const servers = useLocalServers()

  it('a private key in notes.txt and a kubeconfig: not sent, two critical findings made without the model', async () => {
    servers.answer = (body) =>
      isVerification(body)
        ? verdicts(body, () => ({ keep: true, reason: 'Real.' }))
        : { content: [report([])] }
    const f = servers.fixture()
    const keyBody = 'MIIEowIBAAKCAQEA7bq98ReallySecretKeyMaterialXYZ'
    f.repo.write(
      'docs/notes.txt',
      `Staging access:\n-----BEGIN RSA PRIVATE KEY-----\n${keyBody}\n-----END RSA PRIVATE KEY-----\n`
    )
    f.repo.write(
      'deploy/cluster.yaml',
      'apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSU9v\n'
    )
    const head = f.repo.commit('notes')
    const run = await servers.run(
      'pull_request',
      f,
      servers.serve(f, 1, { head }),
      { 'fail-on': 'high' }
    )
    expect(run.exitCode).toBe(1)
    expect(run.outputs.critical).toBe('2')
    const sent = JSON.stringify(servers.anthropic.calls.map((c) => c.body))
    expect(sent).not.toContain(keyBody)
    expect(sent).not.toContain('LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t')
    const pr = servers.github.pull(OWNER, REPO, 1)
    const comments = pr.reviews.flatMap((r) => r.comments)
    expect(comments.map((c) => [c.path, c.line])).toEqual(
      expect.arrayContaining([
        ['docs/notes.txt', 2],
        ['deploy/cluster.yaml', 6]
      ])
    )
    expect(comments.find((c) => c.path === 'docs/notes.txt')!.body).toContain(
      'Private key committed'
    )
    const posted = JSON.stringify([comments, pr.issueComments])
    expect(posted).not.toContain(keyBody)
    expect(posted).not.toContain('LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t')
  })
})

describe('the summary always fits GitHub', () => {
  const servers = useLocalServers()

  it('400 dismissals with long titles and reasons: the summary is written, the oldest dismissals folded and counted', async () => {
    const { f, summary } = await reviewedOnce(servers)
    const summaryComment = summary.comment
    const stateOf = summary.state
    // Random text, so the sealed state does not compress away.
    const noise = (n: number) => randomBytes(n).toString('base64').slice(0, n)
    const dismissed = Array.from({ length: 400 }, (_, i) => ({
      fp: randomBytes(8).toString('hex'),
      path: `src/module${i}.ts`,
      title: noise(200),
      by: 'mona',
      at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      reason: noise(300)
    }))
    summary.write({ ...stateOf(), dismissed })

    f.repo.write('src/orders.ts', `${ORDERS_HEAD}// again\n`)
    const head = f.repo.commit('again')
    const run = await servers.run('pull_request', f, servers.push(f, 1, head))
    expect(run.exitCode, run.stdout.slice(-2000)).toBe(0)
    expect(summaryComment().body.length).toBeLessThanOrEqual(65_536)
    const state = stateOf()
    expect(state.dismissed.length + state.foldedDismissals!).toBe(400)
    expect(state.foldedDismissals).toBeGreaterThan(0)
    // The next run says so in the summary, and keeps the count.
    f.repo.write('src/orders.ts', `${ORDERS_HEAD}// once more\n`)
    const next = await servers.run(
      'pull_request',
      f,
      servers.push(f, 1, f.repo.commit('once more'))
    )
    expect(next.exitCode).toBe(0)
    expect(summaryComment().body).toContain(
      `${state.foldedDismissals} older dismissal(s) were folded`
    )
    expect(stateOf().foldedDismissals).toBe(state.foldedDismissals)
    // The newest are kept.
    expect(
      state.dismissed
        .map((d) => d.at)
        .sort()
        .at(-1)
    ).toBe(dismissed[399].at)
  })
})

const PAUSE = { by: 'mona', at: '2026-12-01T10:00:00Z' }

/**
 * A review of a push to pull request 1 (reviewed once already) during which
 * a comment run pauses it, on the request that follows the run's
 * `afterReads`-th read of the summary.
 */
async function pausedDuringReview(
  servers: ReturnType<typeof useLocalServers>,
  afterReads: number
) {
  const { f, summary } = await reviewedOnce(servers)
  f.repo.write('src/orders.ts', `${ORDERS_HEAD}// v2\n`)
  const head = f.repo.commit('v2')
  let reads = 0
  let paused = false
  servers.github.fault = (request) => {
    if (reads === afterReads && !paused) {
      paused = true
      summary.write({ ...summary.state(), paused: PAUSE })
    }
    if (
      request.method === 'GET' &&
      /\/issues\/comments\/\d+$/.test(request.path)
    )
      reads++
    return undefined
  }
  try {
    const review = await servers.run(
      'pull_request',
      f,
      servers.push(f, 1, head)
    )
    expect(review.exitCode).toBe(0)
    expect(paused).toBe(true)
    return { f, head, review, state: summary.state }
  } finally {
    servers.github.fault = () => undefined
  }
}

describe('edits made while a review is published are kept', () => {
  const servers = useLocalServers()

  it('a pause written while the review is published holds for the next push', async () => {
    // Paused just after the run read the summary again before publishing.
    const { f, state } = await pausedDuringReview(servers, 1)
    expect(state().paused).toEqual(PAUSE)
    // The next push is not reviewed.
    const calls = servers.anthropic.calls.length
    f.repo.write('src/orders.ts', `${ORDERS_HEAD}// v3\n`)
    const next = await servers.run(
      'pull_request',
      f,
      servers.push(f, 1, f.repo.commit('v3'))
    )
    expect(servers.anthropic.calls.length).toBe(calls)
    expect(next.stdout).toContain('are paused (by mona')
  })

  it('a pause written after the run read the summary, just before it writes it, is read again and kept', async () => {
    // The run reads the summary twice before writing it (before the review
    // is posted, and to merge); the pause lands right after the second read.
    const { head, review, state } = await pausedDuringReview(servers, 2)
    expect(review.stdout).toContain(
      'The summary was edited while this run merged it; reading it again.'
    )
    expect(state().paused).toEqual(PAUSE)
    expect(state().head).toBe(head)
  })
})

describe('max-cost-usd admits passes by what they are expected to cost', () => {
  const servers = useLocalServers()
  // Eight ~60-line handlers, one review unit each: 40 passes.
  const handlers = handlersRepository(8)
  afterAll(() => handlers.repo.cleanup())

  /** A cold review of the handlers as pull request `number`: its cost, its passes, and those that did not complete. */
  const review = async (number: number, inputs: Record<string, string>) => {
    servers.answer = handlersReviewer
    servers.anthropic.clearCache()
    const run = await servers.run(
      'pull_request',
      handlers,
      servers.serve(handlers, number),
      { 'max-diff-tokens': '1000', ...inputs }
    )
    expect(run.exitCode, run.stdout.slice(-2000)).toBe(0)
    const summary = servers.github
      .pull(OWNER, REPO, number)
      .issueComments.find((c) => c.user.login === 'github-actions[bot]')!.body
    const unfinished = [
      ...summary.matchAll(/^\| unit-\d+ \| \w+ \| (not-run|incomplete) \|/gm)
    ].length
    const passes = 5 * Number(run.outputs['review-units'])
    return {
      run,
      summary,
      passes,
      unfinished,
      cost: Number(run.outputs['cost-usd'])
    }
  }

  it('a cap at half the uncapped review’s measured cost runs 30–70% of the passes and stays under it; a cap below one pass says what one pass costs', async () => {
    const uncapped = await review(1, {})
    expect(uncapped.passes).toBe(40)
    expect(uncapped.unfinished).toBe(0)
    expect(uncapped.cost).toBeGreaterThan(0)

    const cap = Number((uncapped.cost / 2).toFixed(4))
    const half = await review(2, { 'max-cost-usd': String(cap) })
    const ran = half.passes - half.unfinished
    console.log(
      `uncapped review: $${uncapped.cost}; cap $${cap}: ${ran} of ${half.passes} passes ran, $${half.cost} spent`
    )
    expect(ran / half.passes).toBeGreaterThanOrEqual(0.3)
    expect(ran / half.passes).toBeLessThanOrEqual(0.7)
    expect(half.cost).toBeLessThanOrEqual(cap)
    const need = String.raw`≈\$0\.\d{4} expected, and ≈\$0\.\d{4} of room for its largest turn`
    expect(half.summary).toMatch(
      new RegExp(
        String.raw`Partial review: max-cost-usd \(\$${cap}\) left ${half.unfinished} pass\(es\) unfinished at \$${half.cost.toFixed(4)} spent \(one more pass needs ${need}\)`
      )
    )

    const calls = servers.anthropic.calls.length
    const tiny = await review(3, { 'max-cost-usd': '0.001' })
    expect(servers.anthropic.calls.length).toBe(calls)
    expect(tiny.unfinished).toBe(40)
    expect(tiny.summary).toMatch(
      new RegExp(
        String.raw`Partial review: max-cost-usd \(\$0\.001\) is less than one pass needs \(${need}\): 40 pass\(es\) did not run \(\$0\.0000 spent\)\. Raise max-cost-usd to review them\.`
      )
    )
  })
})
