/**
 * The review engine through the real @anthropic-ai/sdk against a local
 * Messages API server on 127.0.0.1 (dev/anthropic-server.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { FatalReviewError } from '../src/review/review-runner.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import type { MessagesBody, Script } from '../dev/anthropic-server.js'
import {
  createReviewFixture,
  ORDERS_HEAD,
  reviewWith,
  sqlInjection
} from './helpers/review-fixture.js'
import {
  areaOf,
  findingsToVerify,
  isVerification,
  report,
  toolResults,
  turnOf,
  verdicts
} from '../dev/review-script.js'
import type { ReviewFixture } from './helpers/review-fixture.js'

let fixture: ReviewFixture
let server: LocalAnthropic
let url: string

beforeAll(async () => {
  fixture = createReviewFixture()
  server = new LocalAnthropic(() => ({}))
  url = await server.start()
})
afterAll(async () => {
  await server.stop()
  fixture.repo.cleanup()
})
afterEach(() => {
  expect(server.rejected).toEqual([])
  server.calls.length = 0
  server.clearCache()
})

const options = (overrides = {}) =>
  fixture.options({ url, apiKey: server.apiKey }, overrides)
const use = (script: Script) => (server.script = script)

describe('a five-area review of one unit', () => {
  it('greps and reads the repository, then reports; the tool results carry the right lines', async () => {
    use((body) => {
      const area = areaOf(body)
      if (area !== 'security')
        return { content: [report([])], firstByteMs: 50, totalMs: 100 }
      if (turnOf(body) === 0) {
        return {
          content: [
            {
              type: 'thinking',
              thinking: 'Look at how id is used.',
              signature: 'sig-1'
            },
            {
              type: 'tool_use',
              id: 'grep1',
              name: 'Grep',
              input: { pattern: 'db\\.query', output_mode: 'content' }
            },
            {
              type: 'tool_use',
              id: 'read1',
              name: 'Read',
              input: { file_path: 'src/orders.ts', offset: 4, limit: 2 }
            }
          ],
          firstByteMs: 150,
          totalMs: 400
        }
      }
      return {
        content: [{ type: 'text', text: 'Found one.' }, report([sqlInjection])]
      }
    })
    const review = await reviewWith(await options())

    expect(review.complete).toBe(true)
    expect(review.passes.map((p) => [p.area, p.status])).toEqual([
      ['api', 'complete'],
      ['database', 'complete'],
      ['system', 'complete'],
      ['security', 'complete'],
      ['performance', 'complete']
    ])
    expect(review.findings).toEqual([
      { ...sqlInjection, unit: 'unit-1', pass: 'security', status: 'valid' }
    ])

    const second = server.calls.find(
      (c) => areaOf(c.body) === 'security' && turnOf(c.body) === 1
    )!
    const results = toolResults(second.body)
    expect(results.map((r) => r.tool_use_id)).toEqual(['grep1', 'read1'])
    expect(results[0].content).toContain(
      "src/orders.ts:5:  return db.query('SELECT * FROM orders WHERE id = ' + id)"
    )
    expect(results[0].content).toContain(
      "src/orders.ts:9:  return db.query('SELECT * FROM orders')"
    )
    const lines = ORDERS_HEAD.split('\n')
    expect(results[1].content).toBe(
      `     4\t${lines[3]}\n     5\t${lines[4]}\n<system-reminder>Showing lines 4-5 of 10. Use offset and limit to read other parts.</system-reminder>`
    )
    // The thinking block went back unchanged, signature included.
    expect(second.body.messages[1].content).toContainEqual({
      type: 'thinking',
      thinking: 'Look at how id is used.',
      signature: 'sig-1'
    })
    expect(review.toolCalls).toBe(2 + 5)
  })

  it('shares a byte-identical cached prefix across the area passes and starts siblings on the first byte', async () => {
    // The first pass does not end until its four siblings have been sent:
    // siblings that waited for its end would never come, and the test fails.
    let siblingsSent!: () => void
    const allSent = new Promise<void>((resolve) => (siblingsSent = resolve))
    use((body, { index, calls }) => {
      if (calls.filter((c) => turnOf(c.body) === 0).length === 5) siblingsSent()
      return {
        content: [report([])],
        firstByteMs: index === 0 ? 200 : 0,
        holdUntil: index === 0 ? allSent : undefined
      }
    })
    const review = await reviewWith(await options())
    const firstTurns = server.calls.filter((c) => turnOf(c.body) === 0)
    expect(firstTurns).toHaveLength(5)
    const prefixOf = (c: (typeof firstTurns)[number]) =>
      JSON.stringify([
        c.body.tools,
        c.body.system,
        (c.body.messages[0].content as unknown[])[0]
      ])
    expect(new Set(firstTurns.map(prefixOf)).size).toBe(1)
    expect(new Set(firstTurns.map((c) => areaOf(c.body))).size).toBe(5)

    const [first, ...siblings] = firstTurns
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1_024)
    expect(first.usage.cache_read_input_tokens).toBe(0)
    // Siblings read everything up to the unit prefix; only the first pass's own area text is not theirs.
    const shared = siblings[0].usage.cache_read_input_tokens
    expect(shared).toBeGreaterThan(1_024)
    expect(first.usage.cache_creation_input_tokens - shared).toBeLessThan(600)
    for (const sibling of siblings) {
      expect(sibling.usage.cache_read_input_tokens).toBe(shared)
      // Sent once the first pass's first byte was out (and before it ended: see the hold).
      expect(sibling.at).toBeGreaterThanOrEqual(first.firstByteAt!)
    }
    expect(review.usage.cacheRead).toBe(4 * shared)
    expect(review.costUsd).toBeGreaterThan(0)
  })

  it('never shows the model ../, symlinked or secret files', async () => {
    use((body) => {
      if (areaOf(body) !== 'security') return { content: [report([])] }
      if (turnOf(body) === 0) {
        return {
          content: ['../../etc/passwd', 'passwd-link', '.env'].map(
            (file_path, i) => ({
              type: 'tool_use' as const,
              id: `r${i}`,
              name: 'Read',
              input: { file_path }
            })
          )
        }
      }
      return { content: [report([])] }
    })
    await reviewWith(await options())
    const results = toolResults(
      server.calls.find((c) => turnOf(c.body) === 1)!.body
    )
    expect(results.map((r) => r.is_error)).toEqual([true, true, true])
    const everything = JSON.stringify(server.calls.map((c) => c.body))
    expect(everything).not.toContain('hunter2-fixture-secret')
    expect(everything).not.toMatch(/root:x:0:0/)
  })
})

describe('stop reasons', () => {
  const securityOnly = async () => {
    const base = await options()
    return { ...base, areas: base.areas.filter((a) => a.id === 'security') }
  }

  it('reminds once after end_turn without a report, then accepts the report', async () => {
    use((body) =>
      turnOf(body) === 0
        ? {
            content: [{ type: 'text', text: 'Looks fine.' }],
            stop_reason: 'end_turn'
          }
        : { content: [report([sqlInjection])] }
    )
    const review = await reviewWith(await securityOnly())
    expect(review.passes[0]).toMatchObject({ status: 'complete', turns: 2 })
    expect(JSON.stringify(server.calls[1].body.messages[2])).toContain(
      'You ended your turn without calling report_findings'
    )
  })

  it('marks the pass incomplete when the model never reports', async () => {
    use(() => ({
      content: [{ type: 'text', text: 'Nothing to add.' }],
      stop_reason: 'end_turn'
    }))
    const review = await reviewWith(await securityOnly())
    expect(review.passes[0]).toMatchObject({
      status: 'incomplete',
      turns: 2,
      reason: 'ended its turn twice without calling report_findings'
    })
    expect(review.complete).toBe(false)
  })

  it('answers a tool call cut off by max_tokens and continues', async () => {
    use((body) =>
      turnOf(body) === 0
        ? {
            content: [
              {
                type: 'tool_use',
                id: 'cut',
                name: 'Read',
                input: {},
                rawJson: '{"file_path": "src/or'
              }
            ],
            stop_reason: 'max_tokens'
          }
        : { content: [report([])] }
    )
    const review = await reviewWith(await securityOnly())
    expect(review.passes[0].status).toBe('complete')
    expect(toolResults(server.calls[1].body)).toMatchObject([
      {
        type: 'tool_result',
        tool_use_id: 'cut',
        content: expect.stringContaining('cut off by max_tokens'),
        is_error: true
      }
    ])
  })

  it('asks for brevity after max_tokens in text', async () => {
    use((body) =>
      turnOf(body) === 0
        ? {
            content: [{ type: 'text', text: 'Long…' }],
            stop_reason: 'max_tokens'
          }
        : { content: [report([])] }
    )
    const review = await reviewWith(await securityOnly())
    expect(review.passes[0].status).toBe('complete')
    expect(JSON.stringify(server.calls[1].body.messages[2])).toContain(
      'cut off by max_tokens'
    )
  })

  it('resumes after pause_turn within the same assistant turn', async () => {
    use((body) =>
      turnOf(body) === 0
        ? {
            content: [{ type: 'text', text: 'Thinking…' }],
            stop_reason: 'pause_turn'
          }
        : { content: [report([])] }
    )
    const review = await reviewWith(await securityOnly())
    expect(review.passes[0]).toMatchObject({ status: 'complete', turns: 2 })
    expect(server.calls[1].body.messages.at(-1)?.role).toBe('assistant')
  })

  it('ends a refused pass as refused', async () => {
    use(() => ({ content: [], stop_reason: 'refusal' }))
    const review = await reviewWith(await securityOnly())
    expect(review.passes[0]).toMatchObject({ status: 'refused' })
  })

  it('ends a pass whose context overflowed as incomplete', async () => {
    use(() => ({
      content: [{ type: 'text', text: '…' }],
      stop_reason: 'model_context_window_exceeded'
    }))
    const review = await reviewWith(await securityOnly())
    expect(review.passes[0]).toMatchObject({
      status: 'incomplete',
      reason: "the conversation outgrew the model's context window"
    })
  })

  it('stops at max-turns', async () => {
    use(() => ({
      content: [{ type: 'tool_use', name: 'Glob', input: { pattern: '*.ts' } }]
    }))
    const review = await reviewWith({ ...(await securityOnly()), maxTurns: 3 })
    expect(review.passes[0]).toMatchObject({
      status: 'incomplete',
      turns: 3,
      reason: 'reached max-turns (3) before reporting'
    })
  })
})

describe('malformed model output', () => {
  const securityOnly = async () => {
    const base = await options()
    return { ...base, areas: base.areas.filter((a) => a.id === 'security') }
  }

  it('answers bad JSON in a tool input with an error and accepts the retry', async () => {
    use((body) =>
      turnOf(body) === 0
        ? {
            content: [
              {
                type: 'tool_use',
                id: 'bad',
                name: 'report_findings',
                input: {},
                rawJson: '{"findings": [ {oops'
              }
            ]
          }
        : { content: [report([sqlInjection])] }
    )
    const review = await reviewWith(await securityOnly())
    expect(toolResults(server.calls[1].body)[0]).toMatchObject({
      is_error: true,
      content: expect.stringContaining('was not valid JSON')
    })
    expect(review.findings.map((f) => f.status)).toEqual(['valid'])
  })

  it('sends invalid findings back once, then keeps what is still invalid, marked', async () => {
    const unknownArea = { ...sqlInjection, area: 'frontend' }
    const lineNotNumber = { ...sqlInjection, line: 'five' }
    const notInPr = { ...sqlInjection, path: 'src/elsewhere.ts' }
    use(() => ({
      content: [report([sqlInjection, unknownArea, lineNotNumber, notInPr])]
    }))
    const review = await reviewWith(await securityOnly())
    expect(server.calls).toHaveLength(2)
    const correction = toolResults(server.calls[1].body)[0]
    expect(correction.is_error).toBe(true)
    expect(correction.content).toContain(
      "finding 1: area: 'frontend' is not one of"
    )
    expect(correction.content).toContain('finding 2: line:')
    expect(correction.content).toContain(
      "finding 3: path: 'src/elsewhere.ts' is not a file changed by this pull request"
    )
    // The second report repeats everything; valid ones are recorded again, the rest kept as invalid.
    const statuses = review.findings.map((f) => f.status)
    expect(statuses.filter((s) => s === 'invalid')).toHaveLength(3)
    expect(
      review.findings
        .filter((f) => f.status === 'invalid')
        .map((f) => (f as { input: unknown }).input)
    ).toEqual([unknownArea, lineNotNumber, notInPr])
  })
})

describe('API failures', () => {
  it('fails fast on an invalid API key (401), without retrying or running other passes', async () => {
    const refusedBefore = server.authFailures
    await expect(
      reviewWith(await fixture.options({ url, apiKey: 'sk-ant-wrong' }))
    ).rejects.toThrow(FatalReviewError)
    await expect(
      reviewWith(await fixture.options({ url, apiKey: 'sk-ant-wrong' }))
    ).rejects.toThrow(/rejected the API key \(401\)/)
    expect(server.calls).toHaveLength(0)
    // One refused request per review: no retry, no second pass.
    expect(server.authFailures - refusedBefore).toBe(2)
  })

  it('keeps the other passes when one pass fails', async () => {
    use((body) =>
      areaOf(body) === 'database'
        ? {
            error: {
              status: 500,
              type: 'api_error',
              message: 'Internal server error'
            }
          }
        : { content: [report([])] }
    )
    const review = await reviewWith(await options())
    expect(review.passes.find((p) => p.area === 'database')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('500')
    })
    expect(review.passes.filter((p) => p.status === 'complete')).toHaveLength(4)
  })
})

describe('effort', () => {
  it('sends output_config.effort to models that take it and leaves it out for older ones', async () => {
    use(() => ({ content: [report([])] }))
    const base = await options()
    const security = base.areas.filter((a) => a.id === 'security')
    await reviewWith({ ...base, areas: security, effort: 'low' })
    expect(server.calls[0].body.output_config).toEqual({ effort: 'low' })
    server.calls.length = 0
    const logged: string[] = []
    await reviewWith({
      ...base,
      areas: security,
      effort: 'low',
      model: 'claude-sonnet-4-6',
      log: (l) => logged.push(l)
    })
    expect(server.calls[0].body).not.toHaveProperty('output_config')
    expect(logged).toContain(
      "effort 'low' is not sent: claude-sonnet-4-6 does not take output_config.effort"
    )
  })
})

describe('bounds on a pass', () => {
  it('a pass that exceeds its request timeout fails alone; the other passes complete', async () => {
    // The database pass is never answered (the server drops it when the
    // client gives up); the others at once, so the timeout (generous for a
    // local answer) hits it alone.
    use((body) =>
      areaOf(body) === 'database'
        ? { holdStartUntil: new Promise(() => undefined), content: [] }
        : { content: [report([])] }
    )
    const { createAnthropicClient } =
      await import('../src/review/model-client.js')
    const client = createAnthropicClient({
      apiKey: server.apiKey,
      baseURL: url,
      maxRetries: 0,
      timeoutMs: 3_000
    })
    const review = await reviewWith(await options({ client }))
    expect(review.passes.find((p) => p.area === 'database')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/timed out/i)
    })
    expect(review.passes.filter((p) => p.status === 'complete')).toHaveLength(4)
  })

  it('500 findings in one report: the first 100 are checked, the other 400 kept as one counted entry', async () => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      ...sqlInjection,
      title: `Finding ${i}`
    }))
    use((body) => ({
      content: [report(areaOf(body) === 'security' ? many : [])],
      // Billed as what fits under max_tokens (the server cuts longer answers).
      output_tokens: 30_000
    }))
    const review = await reviewWith(await options())
    const security = review.findings.filter((f) => f.pass === 'security')
    expect(security.filter((f) => f.status === 'valid')).toHaveLength(100)
    const overflow = security.filter((f) => f.status === 'invalid')
    expect(overflow).toHaveLength(1)
    expect((overflow[0] as { problems: string[] }).problems[0]).toMatch(
      /^400 finding\(s\) over the limit of 100/
    )
  })
})

describe('the local Messages server', () => {
  it('rejects what the real API rejects: temperature, forced tool use, broken schemas, unanswered tool calls, five breakpoints', async () => {
    const { validate } = await import('../dev/anthropic-server.js')
    const base = {
      model: 'claude-sonnet-5-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }]
    }
    expect(validate(base, '2026-10-21')).toBeUndefined()
    expect(validate({ ...base, temperature: 0 }, '2026-10-21')).toMatch(
      /temperature: not supported/
    )
    expect(
      validate({ ...base, tool_choice: { type: 'any' } }, '2026-10-21')
    ).toMatch(/forced tool use is not supported/)
    expect(
      validate(
        {
          ...base,
          tools: [
            {
              name: 'x',
              input_schema: {
                type: 'object',
                properties: { a: { type: 'nope' } }
              }
            }
          ]
        },
        '2026-10-21'
      )
    ).toMatch(/not a valid JSON Schema/)
    expect(
      validate(
        {
          ...base,
          messages: [
            { role: 'user', content: 'hi' },
            {
              role: 'assistant',
              content: [{ type: 'tool_use', id: 't1', name: 'Read', input: {} }]
            },
            { role: 'user', content: 'no result' }
          ]
        },
        '2026-10-21'
      )
    ).toMatch(/tool_use t1 of the previous turn has no tool_result/)
    const five = Array.from({ length: 5 }, () => ({
      type: 'text',
      text: 'x',
      cache_control: { type: 'ephemeral' }
    }))
    expect(
      validate(
        { ...base, messages: [{ role: 'user', content: five }] },
        '2026-10-21'
      )
    ).toMatch(/maximum of 4 blocks with cache_control/)
    expect(
      validate(
        {
          ...base,
          messages: [
            { role: 'user', content: 'a' },
            { role: 'user', content: 'b' }
          ]
        },
        '2026-10-21'
      )
    ).toMatch(/roles must alternate/)
    expect(
      validate({ model: 'x', messages: base.messages } as never, '2026-10-21')
    ).toMatch(/max_tokens: field required/)
  })
})

describe('verification', () => {
  const verdict = (keep: boolean, reason: string) => (body: MessagesBody) =>
    verdicts(body, () => ({ keep, reason }))
  const reviewOnly = (body: Parameters<Parameters<typeof use>[0]>[0]) => ({
    content: [report(areaOf(body) === 'security' ? [sqlInjection] : [])]
  })

  it('keeps a finding the verifier confirms, asking the verify model with the code around it', async () => {
    use((body) =>
      isVerification(body)
        ? verdict(true, 'id flows from the request into the SQL string.')(body)
        : reviewOnly(body)
    )
    const review = await reviewWith({
      ...(await options()),
      verify: { severities: ['critical', 'high'], model: 'claude-haiku-5-5' }
    })
    expect(review.ledger.findings).toEqual([
      expect.objectContaining({
        title: sqlInjection.title,
        verification: {
          verdict: 'keep',
          reason: 'id flows from the request into the SQL string.'
        }
      })
    ])
    const call = server.calls.find((c) => isVerification(c.body))!
    expect(call.body.model).toBe('claude-haiku-5-5')
    expect(JSON.stringify(call.body.messages)).toContain(
      "     5\\t  return db.query('SELECT * FROM orders WHERE id = ' + id)"
    )
    expect(review.verification).toMatchObject({ checked: 1, dropped: 0 })
  })

  it('drops a finding the verifier refutes; it stays in the outputs, marked, and publishing leaves it out', async () => {
    use((body) =>
      isVerification(body)
        ? verdict(false, 'The id is validated as a UUID by the router.')(body)
        : reviewOnly(body)
    )
    const review = await reviewWith({
      ...(await options()),
      verify: { severities: ['critical'], model: 'claude-haiku-5-5' }
    })
    expect(review.verification).toMatchObject({ checked: 1, dropped: 1 })
    expect(review.ledger.findings).toEqual([
      expect.objectContaining({
        status: 'dropped',
        reason:
          'dropped by verification: The id is validated as a UUID by the router.'
      })
    ])
  })

  it('keeps the finding and says so when verification fails', async () => {
    use((body) =>
      isVerification(body)
        ? {
            error: {
              status: 500,
              type: 'api_error',
              message: 'Internal server error'
            }
          }
        : reviewOnly(body)
    )
    const review = await reviewWith({
      ...(await options()),
      verify: { severities: ['critical'], model: 'claude-haiku-5-5' }
    })
    const [finding] = review.ledger.findings
    expect(finding).toMatchObject({
      status: 'open',
      verification: {
        verdict: 'error',
        reason: expect.stringMatching(/^verification failed \(.*500.*\); kept$/)
      }
    })
    // Counted as not verified, never as checked.
    expect(review.verification).toMatchObject({
      checked: 0,
      dropped: 0,
      failed: 1
    })
  })

  it('checks the findings of a unit in one request, each by its number; one without a verdict is kept, and that is said', async () => {
    const unbounded = {
      ...sqlInjection,
      severity: 'high',
      line: 9,
      title: 'listOrders reads every order without a limit',
      problem:
        'SELECT * FROM orders has no LIMIT; the table grows without bound.',
      recommendation: 'Page the query.',
      evidence: "  return db.query('SELECT * FROM orders')"
    }
    const noisy = {
      ...unbounded,
      line: 3,
      title: 'findOrder is async',
      problem: 'It could be sync.',
      recommendation: 'Drop async.',
      evidence: 'export async function findOrder(req) {'
    }
    use((body) =>
      isVerification(body)
        ? verdicts(body, ({ title }) =>
            title === noisy.title
              ? { keep: false, reason: 'Not a problem.' }
              : { keep: true, reason: 'Real.' }
          )
        : {
            content: [
              report(
                areaOf(body) === 'security'
                  ? [sqlInjection, unbounded, noisy]
                  : []
              )
            ]
          }
    )
    // The verifier answers only the first two numbers it was asked about.
    const answerTwo = server.script
    use((body, context) => {
      const reply = answerTwo(body, context)
      if (!isVerification(body) || !('content' in reply)) return reply
      const [block] = reply.content as Array<{ input: { verdicts: unknown[] } }>
      block.input.verdicts = block.input.verdicts.slice(0, 2)
      return reply
    })
    const review = await reviewWith({
      ...(await options()),
      verify: { severities: ['critical', 'high'], model: 'claude-haiku-5-5' }
    })
    const calls = server.calls.filter((c) => isVerification(c.body))
    expect(calls).toHaveLength(1)
    expect(findingsToVerify(calls[0].body)).toHaveLength(3)
    expect(review.verification).toMatchObject({ checked: 3 })
    const asked = findingsToVerify(calls[0].body)
    const byTitle = new Map(
      review.ledger.findings.map((f) => [f.title, f.verification])
    )
    for (const { number, title } of asked)
      expect(byTitle.get(title)).toEqual(
        number === 3
          ? { verdict: 'keep', reason: 'the verifier gave no verdict; kept' }
          : title === noisy.title
            ? { verdict: 'drop', reason: 'Not a problem.' }
            : { verdict: 'keep', reason: 'Real.' }
      )
  })

  it('checks only the chosen severities', async () => {
    use((body) =>
      isVerification(body) ? verdict(false, 'no')(body) : reviewOnly(body)
    )
    const review = await reviewWith({
      ...(await options()),
      verify: { severities: ['medium'], model: 'claude-haiku-5-5' }
    })
    expect(review.ledger.findings[0]).not.toHaveProperty('verification')
    expect(server.calls.some((c) => isVerification(c.body))).toBe(false)
  })
})
