import { priceOf } from './model-pricing.js'

/** Tokens of one or more requests, as the API reports them. */
export interface TokenUsage {
  input: number
  output: number
  cacheWrite: number
  cacheRead: number
}

export const NO_USAGE: TokenUsage = {
  input: 0,
  output: 0,
  cacheWrite: 0,
  cacheRead: 0
}

/** The usage block of a Messages API response. */
export interface ApiUsage {
  input_tokens: number
  output_tokens: number
  cache_creation_input_tokens?: number | null
  cache_read_input_tokens?: number | null
}

export function fromApiUsage(usage: ApiUsage): TokenUsage {
  return {
    input: usage.input_tokens,
    output: usage.output_tokens,
    cacheWrite: usage.cache_creation_input_tokens ?? 0,
    cacheRead: usage.cache_read_input_tokens ?? 0
  }
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    cacheRead: a.cacheRead + b.cacheRead
  }
}

/** The price of `usage` on `model` in US dollars; undefined for unknown models. */
export function costOf(usage: TokenUsage, model: string): number | undefined {
  const price = priceOf(model)
  if (!price) return undefined
  return (
    (usage.input * price.input +
      usage.cacheWrite * price.cacheWrite +
      usage.cacheRead * price.cacheRead +
      usage.output * price.output) /
    1_000_000
  )
}
