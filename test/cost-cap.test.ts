/** Tests for src/review/cost-cap.ts: max-cost-usd's admission of passes and its per-turn worst case. */
import { describe, expect, it } from 'vitest'
import {
  CostCap,
  MIN_TURN_OUTPUT_TOKENS,
  sendWithin
} from '../src/review/cost-cap.js'
import { MODEL_PRICES } from '../src/vocabulary/model-pricing.js'
import { NO_USAGE } from '../src/vocabulary/usage.js'

const MODEL = 'claude-sonnet-5-5'
const price = MODEL_PRICES[MODEL]
/** Output tokens that cost `usd`. */
const outputFor = (usd: number): number =>
  Math.round((usd * 1e6) / price.output)

describe('CostCap', () => {
  it('starts a pass only when the spend, the running passes’ expected rest and its own expected cost fit', () => {
    const cap = new CostCap(0.1, MODEL)
    const first = cap.admit(0.06)!
    expect(first).toBeDefined()
    // 0.06 still expected of the first pass: a second of 0.05 would not fit.
    expect(cap.admit(0.05)).toBeUndefined()
    first.beginTurn(0, 32_000)
    first.endTurn({ ...NO_USAGE, output: outputFor(0.02) })
    // 0.02 spent, 0.04 still expected of the first: 0.04 fits, 0.05 does not.
    expect(cap.admit(0.05)).toBeUndefined()
    const second = cap.admit(0.04)
    expect(second).toBeDefined()
    first.release()
    second!.release()
    expect(cap.admit(0.08)).toBeDefined()
    expect(cap.spent).toBeCloseTo(0.02, 6)
  })

  it('reserves each turn’s worst case and cuts its max_tokens to what is left', () => {
    const cap = new CostCap(0.05, MODEL)
    const hold = cap.admit(0)!
    const inputTokens = 4_000
    const inputUsd = (inputTokens * price.cacheWrite) / 1e6
    const allowed = hold.beginTurn(inputTokens, 32_000)!
    expect(allowed).toBe(Math.floor(((0.05 - inputUsd) * 1e6) / price.output))
    expect(allowed).toBeLessThan(32_000)
    // While that turn is in flight its worst case is held: another pass cannot start.
    expect(cap.admit(0.001)).toBeUndefined()
    hold.endTurn({ ...NO_USAGE, cacheWrite: inputTokens, output: 1_000 })
    expect(cap.spent).toBeCloseTo(inputUsd + (1_000 * price.output) / 1e6, 9)
    expect(cap.spent).toBeLessThanOrEqual(0.05)
  })

  it('refuses a turn with too little room for output to be useful', () => {
    const cap = new CostCap(0.01, MODEL)
    const hold = cap.admit(0)!
    hold.beginTurn(0, 32_000)
    hold.endTurn({
      ...NO_USAGE,
      output: outputFor(0.01) - MIN_TURN_OUTPUT_TOKENS + 1
    })
    expect(hold.beginTurn(0, 32_000)).toBeUndefined()
  })

  it('cannot cap a model without a price', () => {
    expect(() => new CostCap(1, 'claude-unknown-9')).toThrow(/No price/)
  })
})

describe('one cap over every model call of a run', () => {
  const VERIFY = 'claude-haiku-5-5'

  it('prices each hold by its own model: a verification turn fits where a pass turn would not', () => {
    const cap = new CostCap(0.01, MODEL)
    const [inputTokens, maxTokens] = [2_000, 2_000]
    // Sonnet's input alone takes half the cap: too little is left for a useful turn.
    expect(
      cap.admit(0, MODEL)!.beginTurn(inputTokens, maxTokens)
    ).toBeUndefined()
    const fresh = new CostCap(0.01, MODEL)
    const haiku = MODEL_PRICES[VERIFY]
    const hold = fresh.admit(0, VERIFY)!
    expect(hold.beginTurn(inputTokens, maxTokens)).toBe(maxTokens)
    hold.endTurn({ ...NO_USAGE, input: inputTokens, output: maxTokens })
    hold.release()
    expect(fresh.spent).toBeCloseTo(
      (inputTokens * haiku.input + maxTokens * haiku.output) / 1e6,
      9
    )
  })

  it('sendWithin: no request when no useful turn fits; max_tokens cut when the cap is near; spending counted', async () => {
    const sent: number[] = []
    const send = async (maxTokens: number) => {
      sent.push(maxTokens)
      return { result: 'ok', usage: { ...NO_USAGE, output: 100 } }
    }
    const tiny = new CostCap(0.0001, MODEL)
    expect(
      await sendWithin(tiny, MODEL, { max_tokens: 4_000 }, send)
    ).toBeUndefined()
    expect(sent).toEqual([])
    const near = new CostCap(0.02, MODEL)
    near.charge(0.0)
    expect(await sendWithin(near, MODEL, { max_tokens: 32_000 }, send)).toBe(
      'ok'
    )
    expect(sent[0]).toBeLessThan(32_000)
    expect(sent[0]).toBeGreaterThanOrEqual(MIN_TURN_OUTPUT_TOKENS)
    expect(near.spent).toBeCloseTo((100 * price.output) / 1e6, 9)
    // Without a cap, the request as it is.
    expect(
      await sendWithin(undefined, MODEL, { max_tokens: 32_000 }, send)
    ).toBe('ok')
    expect(sent[1]).toBe(32_000)
  })

  it('a merge charges what its shards spent: its verification gets only the rest', () => {
    const cap = new CostCap(0.05, MODEL)
    cap.charge(0.049)
    expect(cap.admit(0, VERIFY)!.beginTurn(1_000, 1_000)).toBeUndefined()
  })
})
