import { priceOf } from '../vocabulary/model-pricing.js'
import type { ModelPrice } from '../vocabulary/model-pricing.js'
import { costOf } from '../vocabulary/usage.js'
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
 * `max-cost-usd`. A new pass starts only when the measured cost, the worst
 * case of the turns in flight, what the running passes are still expected
 * to cost and this pass's expected cost fit under the cap. Every turn then
 * reserves its own worst case, with `max_tokens` lowered to fit, so the
 * measured cost cannot pass the cap.
 */
export class CostCap {
  private spentUsd = 0
  private inFlightUsd = 0
  private readonly passes = new Set<{ expected: number; used: number }>()
  private readonly price: ModelPrice

  constructor(
    readonly limitUsd: number,
    private readonly model: string
  ) {
    const price = priceOf(model)
    if (!price) throw new Error(`No price for ${model}: it cannot be capped.`)
    this.price = price
  }

  get spent(): number {
    return this.spentUsd
  }

  /** A hold for a pass expected to cost `expectedUsd`, or undefined when it would not fit. */
  admit(expectedUsd: number): CostHold | undefined {
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
        const { input, cacheWrite, output } = this.price
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
        const cost = costOf(usage, this.model) ?? 0
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
