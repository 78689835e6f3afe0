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
  it('starts a pass only when the spend, the running passes’ expected rest and its own expected cost fit', async () => {
    const cap = new CostCap(0.1, MODEL)
    const first = cap.admit(0.06)!
    expect(first).toBeDefined()
    // 0.06 still expected of the first pass: a second of 0.05 would not fit.
    expect(cap.admit(0.05)).toBeUndefined()
    await first.beginTurn(0, 32_000)
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

  it('reserves each turn’s worst case and cuts its max_tokens to what is left', async () => {
    const cap = new CostCap(0.05, MODEL)
    const hold = cap.admit(0)!
    const inputTokens = 4_000
    const inputUsd = (inputTokens * price.cacheWrite) / 1e6
    const allowed = (await hold.beginTurn(inputTokens, 32_000))!
    expect(allowed).toBe(Math.floor(((0.05 - inputUsd) * 1e6) / price.output))
    expect(allowed).toBeLessThan(32_000)
    // While that turn is in flight its worst case is held: another turn waits for it.
    const other = cap.admit(0.001)!
    let waited: number | undefined
    const next = other.beginTurn(0, 2_000).then((n) => (waited = n))
    await Promise.resolve()
    expect(waited).toBeUndefined()
    hold.endTurn({ ...NO_USAGE, cacheWrite: inputTokens, output: 1_000 })
    expect(cap.spent).toBeCloseTo(inputUsd + (1_000 * price.output) / 1e6, 9)
    expect(cap.spent).toBeLessThanOrEqual(0.05)
    await next
    expect(waited).toBe(2_000)
  })

  it('refuses a turn with too little room for output to be useful', async () => {
    const cap = new CostCap(0.01, MODEL)
    const hold = cap.admit(0)!
    await hold.beginTurn(0, 32_000)
    hold.endTurn({
      ...NO_USAGE,
      output: outputFor(0.01) - MIN_TURN_OUTPUT_TOKENS + 1
    })
    expect(await hold.beginTurn(0, 32_000)).toBeUndefined()
  })

  it('admits by expectations, not by the worst case in flight, and keeps room for the work admitted', async () => {
    const cap = new CostCap(0.1, MODEL)
    const first = cap.admit(0.02)!
    // The first turn may take what the other admitted pass is not expected to need.
    const second = cap.admit(0.03)!
    const allowed = (await first.beginTurn(0, 32_000))!
    expect(allowed).toBe(outputFor(0.1 - 0.03))
    // Its worst case in flight does not refuse a pass that is expected to fit.
    expect(cap.admit(0.01)).toBeDefined()
    first.endTurn({ ...NO_USAGE, output: outputFor(0.01) })
    first.release()
    second.release()
  })

  it('a turn takes the safe room when leaving the others’ expected rest would leave no useful turn', async () => {
    const cap = new CostCap(0.02, MODEL)
    const waiting = cap.admit(0.015)!
    const running = cap.admit(0.005)!
    // 0.02 − 0.015 leaves 500 output tokens: too few; nothing is in flight, so it takes all that is safe.
    expect(await running.beginTurn(0, 32_000)).toBe(outputFor(0.02))
    running.endTurn(NO_USAGE)
    waiting.release()
    running.release()
  })

  it('waits for admission while admitted work runs, and refuses once nothing else holds a share', async () => {
    const cap = new CostCap(0.05, MODEL)
    const running = cap.admit(0.04)!
    let admitted: unknown
    const waiting = cap.admitWhenRoom(0.03, 0).then((h) => (admitted = h))
    await Promise.resolve()
    expect(admitted).toBeUndefined()
    await running.beginTurn(0, 1_024)
    running.endTurn({ ...NO_USAGE, output: outputFor(0.01) })
    running.release(true)
    await waiting
    expect(admitted).toBeDefined()
    ;(admitted as { release(): void }).release()
    // 0.01 spent: 0.03 with 0.011 of headroom does not fit, and no one else runs.
    expect(await cap.admitWhenRoom(0.03, 0.011)).toBeUndefined()
  })

  it('calibrates later expectations by what completed passes cost against theirs, within ×¼ and ×4', () => {
    const cap = new CostCap(100, MODEL)
    expect(cap.calibrated(0.01)).toBe(0.01)
    const done = cap.admit(0.04)!
    done.endTurn({ ...NO_USAGE, output: outputFor(0.02) })
    done.release(true)
    expect(cap.calibrated(0.01)).toBeCloseTo(0.005, 9)
    // A pass stopped early says nothing of what passes cost.
    const stopped = cap.admit(0.1)!
    stopped.release(false)
    expect(cap.calibrated(0.01)).toBeCloseTo(0.005, 9)
    const cheap = cap.admit(10)!
    cheap.release(true)
    expect(cap.calibrated(0.01)).toBeCloseTo(0.0025, 9)
  })

  it('cannot cap a model without a price', () => {
    expect(() => new CostCap(1, 'claude-unknown-9')).toThrow(/No price/)
  })
})

describe('one cap over every model call of a run', () => {
  const VERIFY = 'claude-haiku-5-5'

  it('prices each hold by its own model: a verification turn fits where a pass turn would not', async () => {
    const cap = new CostCap(0.01, MODEL)
    const [inputTokens, maxTokens] = [2_000, 2_000]
    // Sonnet's input alone takes half the cap: too little is left for a useful turn.
    expect(
      await cap.admit(0, MODEL)!.beginTurn(inputTokens, maxTokens)
    ).toBeUndefined()
    const fresh = new CostCap(0.01, MODEL)
    const haiku = MODEL_PRICES[VERIFY]
    const hold = fresh.admit(0, VERIFY)!
    expect(await hold.beginTurn(inputTokens, maxTokens)).toBe(maxTokens)
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

  it('a merge charges what its shards spent: its verification gets only the rest', async () => {
    const cap = new CostCap(0.05, MODEL)
    cap.charge(0.0499)
    expect(await cap.admit(0, VERIFY)!.beginTurn(1_000, 1_000)).toBeUndefined()
  })
})
