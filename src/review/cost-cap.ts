import { priceOf } from '../vocabulary/model-pricing.js'
import type { ModelPrice } from '../vocabulary/model-pricing.js'
import { estimateTokens } from '../plan/token-estimate.js'
import { costOf, NO_USAGE } from '../vocabulary/usage.js'
import type { TokenUsage } from '../vocabulary/usage.js'

/** A turn with less room for output than this (or than it asks for) is not worth starting. */
export const MIN_TURN_OUTPUT_TOKENS = 1_024

/** One admitted piece of work's share of the cap. */
export interface CostHold {
  /**
   * Reserves a turn's worst case (its input at the dearest input price,
   * and its output) and says how many output tokens it may use: fewer when
   * the cap is near. Waits while other turns' worst cases are in flight and
   * the turn would fit once they end; undefined when no useful turn fits.
   */
  beginTurn(inputTokens: number, maxTokens: number): Promise<number | undefined>
  /** The turn ended: its reservation is released and what it was billed counted. */
  endTurn(usage: TokenUsage): void
  /** The work ended (or never started): its expected remainder is free again; a completed pass calibrates later expectations. */
  release(completed?: boolean): void
}

interface Share {
  expected: number
  used: number
  /** The worst case of the turn in flight. */
  reserved: number
}

/**
 * `max-cost-usd`: one cap per run, over every model call it makes — the
 * passes, verification and answers in threads, each priced by its own
 * model. Work is admitted by what it is expected to cost: the measured
 * cost, what the admitted work is still expected to cost and its own must
 * fit. Expectations are calibrated as passes complete (measured ÷
 * expected). Each turn then reserves its worst case (its input at the
 * dearest input price, and its output), with `max_tokens` lowered to fit,
 * so the measured cost cannot pass the cap.
 */
export class CostCap {
  private spentUsd = 0
  private readonly shares = new Set<Share>()
  private waiting: Array<() => void> = []
  private readonly completed = { expected: 0, used: 0 }

  constructor(
    readonly limitUsd: number,
    /** The model a hold is priced by unless it names its own. */
    private readonly model: string
  ) {
    priceFor(model)
  }

  get spent(): number {
    return this.spentUsd
  }

  /** Counts what was spent elsewhere under this cap (a merge: its shards' passes). */
  charge(usd: number): void {
    this.spentUsd += usd
  }

  /** A planning estimate corrected by what completed passes cost against theirs (×¼ to ×4). */
  calibrated(estimateUsd: number): number {
    const { expected, used } = this.completed
    if (expected === 0) return estimateUsd
    return estimateUsd * Math.min(4, Math.max(0.25, used / expected))
  }

  /**
   * A hold for work expected to cost `expectedUsd` with `model`, or
   * undefined when it does not fit now with `headroomUsd` to spare (room
   * for a turn's worst case beyond what it is expected to cost).
   */
  admit(
    expectedUsd: number,
    model: string = this.model,
    headroomUsd = 0
  ): CostHold | undefined {
    const price = priceFor(model)
    let expected = this.spentUsd + expectedUsd + headroomUsd
    for (const share of this.shares)
      expected += Math.max(0, share.expected - share.used)
    if (expected > this.limitUsd) return undefined
    const share: Share = { expected: expectedUsd, used: 0, reserved: 0 }
    this.shares.add(share)
    const unreserve = (): void => {
      share.reserved = 0
      this.changed()
    }
    return {
      beginTurn: (inputTokens, maxTokens) =>
        this.beginTurn(share, price, inputTokens, maxTokens),
      endTurn: (usage) => {
        const cost = costOf(usage, model) ?? 0
        share.used += cost
        this.spentUsd += cost
        unreserve()
      },
      release: (completed = false) => {
        if (completed && share.expected > 0) {
          this.completed.expected += share.expected
          this.completed.used += share.used
        }
        this.shares.delete(share)
        unreserve()
      }
    }
  }

  /**
   * `admit`, waiting while admitted work runs: it may end under its
   * expectation and make room. Undefined once nothing else holds a share
   * and the work still does not fit.
   */
  async admitWhenRoom(
    expectedUsd: number,
    headroomUsd: number
  ): Promise<CostHold | undefined> {
    for (;;) {
      const hold = this.admit(expectedUsd, this.model, headroomUsd)
      if (hold || this.shares.size === 0) return hold
      await this.nextChange()
    }
  }

  /**
   * A turn's room leaves the other shares' expected remainders when it can;
   * when that leaves no useful turn, it takes what is safe (their worst
   * cases in flight aside), or waits for a turn in flight to end.
   */
  private async beginTurn(
    share: Share,
    price: ModelPrice,
    inputTokens: number,
    maxTokens: number
  ): Promise<number | undefined> {
    const inputUsd =
      (inputTokens * Math.max(price.input, price.cacheWrite)) / 1e6
    const useful = Math.min(MIN_TURN_OUTPUT_TOKENS, maxTokens)
    const fit = (roomUsd: number): number =>
      Math.min(
        maxTokens,
        Math.floor(((roomUsd - inputUsd) * 1e6) / price.output)
      )
    for (;;) {
      const { inFlight, pending } = this.othersThan(share)
      const safe = this.limitUsd - this.spentUsd - inFlight
      const output =
        fit(safe - pending) >= useful ? fit(safe - pending) : fit(safe)
      if (output >= useful) {
        share.reserved = inputUsd + (output * price.output) / 1e6
        return output
      }
      if (inFlight === 0) return undefined
      await this.nextChange()
    }
  }

  /** The other shares' worst cases in flight, and what they are still expected to cost beyond them. */
  private othersThan(own: Share): { inFlight: number; pending: number } {
    let inFlight = 0
    let pending = 0
    for (const share of this.shares) {
      if (share === own) continue
      inFlight += share.reserved
      pending += Math.max(0, share.expected - share.used - share.reserved)
    }
    return { inFlight, pending }
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  private changed(): void {
    const waiting = this.waiting
    this.waiting = []
    for (const wake of waiting) wake()
  }
}

function priceFor(model: string): ModelPrice {
  const price = priceOf(model)
  if (!price) throw new Error(`No price for ${model}: it cannot be capped.`)
  return price
}

/**
 * One request under the cap (verification, an answer in a thread): its
 * worst case reserved, `max_tokens` cut to fit; undefined when no useful
 * turn fits. Without a cap, the request as it is.
 */
export async function sendWithin<T>(
  cap: CostCap | undefined,
  model: string,
  request: { max_tokens: number },
  send: (maxTokens: number) => Promise<{ result: T; usage: TokenUsage }>
): Promise<T | undefined> {
  if (!cap) return (await send(request.max_tokens)).result
  const hold = cap.admit(0, model)
  if (!hold) return undefined
  let usage = NO_USAGE
  try {
    const allowed = await hold.beginTurn(
      estimateTokens(JSON.stringify(request)),
      request.max_tokens
    )
    if (allowed === undefined) return undefined
    try {
      const sent = await send(allowed)
      usage = sent.usage
      return sent.result
    } finally {
      hold.endTurn(usage)
    }
  } finally {
    hold.release()
  }
}
