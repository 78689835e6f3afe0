/** Prices in US dollars per million tokens (5-minute cache writes). */
export interface ModelPrice {
  input: number
  output: number
  cacheWrite: number
  cacheRead: number
}

/**
 * Anthropic's list prices as of November 2026 (platform.claude.com model
 * pages). Haiku 5.5 uses its ≤100K-token tier: review prompts stay under it.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-5-5': { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 },
  'claude-sonnet-5-5': {
    input: 2,
    output: 10,
    cacheWrite: 2.5,
    cacheRead: 0.2
  },
  'claude-haiku-5-5': {
    input: 0.1,
    output: 0.5,
    cacheWrite: 0.125,
    cacheRead: 0.01
  },
  'claude-opus-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-4-5': {
    input: 3,
    output: 15,
    cacheWrite: 3.75,
    cacheRead: 0.3
  },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }
}

/**
 * The price of a model id, also for dated ids (`claude-opus-4-5-20251101`),
 * Bedrock ids (`us.anthropic.claude-sonnet-5-5-v1:0`) and Vertex ids
 * (`claude-sonnet-5-5@20260928`).
 */
export function priceOf(model: string): ModelPrice | undefined {
  const base = model
    .replace(/^([a-z]+\.)?anthropic\./, '')
    .replace(/-v\d+(:\d+)?$/, '')
    .replace(/@\d+$/, '')
    .replace(/-\d{8}$/, '')
  return MODEL_PRICES[model] ?? MODEL_PRICES[base]
}

/** The models with known prices, for messages: "claude-opus-5-5 $4/$20, …" per million input/output tokens. */
export function knownModelsLine(): string {
  const models = Object.entries(MODEL_PRICES)
    .map(([id, p]) => `${id} $${p.input}/$${p.output}`)
    .join(', ')
  return `Known models ($ per million input/output tokens): ${models}.`
}

/** Why a model without a known price matters, and the known ones; undefined when it has one. */
export function unpricedModelWarning(model: string): string | undefined {
  if (priceOf(model)) return undefined
  return `Model '${model}' has no known price: the plan cannot estimate its cost and max-cost-usd cannot cap it. Check the name. ${knownModelsLine()}`
}
