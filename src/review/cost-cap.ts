import { priceOf } from '../vocabulary/model-pricing.js'
import type { ModelPrice } from '../vocabulary/model-pricing.js'
import { estimateTokens } from '../plan/token-estimate.js'
import { costOf, NO_USAGE } from '../vocabulary/usage.js'
import type { TokenUsage } from '../vocabulary/usage.js'

/** A turn with less room for output than this is not worth starting. */
export const MIN_TURN_OUTPUT_TOKENS = 1_024

/** One running pass's share of the cap. */
export interface CostHold {
  /**
   * Reserves a turn's worst case (its input at the dearest input price,
   * and `maxTokens` of output) and says how many output tokens it may use
   * (fewer when the cap is near); undefined when no useful turn fits.
   */
  beginTurn(inputTokens: number, maxTokens: number): number | undefined
  /** The turn ended: its reservation is released and what it was billed counted. */
  endTurn(usage: TokenUsage): void
  /** The pass ended: its expected remainder is free again. */
  release(): void
}

/**
 * `max-cost-usd`: one cap per run, over every model call it makes — the
 * passes, verification and answers in threads, each priced by its own
 * model. A new pass starts only when the measured cost, the worst case of
 * the turns in flight, what the running passes are still expected to cost
 * and this pass's expected cost fit under the cap. Every turn then reserves
 * its own worst case, with `max_tokens` lowered to fit, so the measured
 * cost cannot pass the cap.
 */
export class CostCap {
  private spentUsd = 0
  private inFlightUsd = 0
  private readonly passes = new Set<{ expected: number; used: number }>()

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

  /** A hold for work expected to cost `expectedUsd` with `model`, or undefined when it would not fit. */
  admit(expectedUsd: number, model: string = this.model): CostHold | undefined {
    const price = priceFor(model)
    let pending = 0
    for (const pass of this.passes)
      pending += Math.max(0, pass.expected - pass.used)
    if (this.committed() + pending + expectedUsd > this.limitUsd)
      return undefined
    const pass = { expected: expectedUsd, used: 0 }
    this.passes.add(pass)
    let reserved = 0
    return {
      beginTurn: (inputTokens, maxTokens) => {
        const { input, cacheWrite, output } = price
        const inputUsd = (inputTokens * Math.max(input, cacheWrite)) / 1e6
        const room = this.limitUsd - this.committed() - inputUsd
        const outputTokens = Math.min(
          maxTokens,
          Math.floor((room * 1e6) / output)
        )
        if (outputTokens < MIN_TURN_OUTPUT_TOKENS) return undefined
        reserved = inputUsd + (outputTokens * output) / 1e6
        this.inFlightUsd += reserved
        return outputTokens
      },
      endTurn: (usage) => {
        this.inFlightUsd -= reserved
        reserved = 0
        const cost = costOf(usage, model) ?? 0
        pass.used += cost
        this.spentUsd += cost
      },
      release: () => {
        this.inFlightUsd -= reserved
        reserved = 0
        this.passes.delete(pass)
      }
    }
  }

  /** Measured, plus the worst case of the turns in flight. */
  private committed(): number {
    return this.spentUsd + this.inFlightUsd
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
  const allowed = hold?.beginTurn(
    estimateTokens(JSON.stringify(request)),
    request.max_tokens
  )
  if (!hold || allowed === undefined) {
    hold?.release()
    return undefined
  }
  let usage = NO_USAGE
  try {
    const sent = await send(allowed)
    usage = sent.usage
    return sent.result
  } finally {
    hold.endTurn(usage)
    hold.release()
  }
}
