/** Tests for src/vocabulary/model-pricing.ts: prices by id, the warning for an unknown one, and the README's table kept true. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  knownModelsLine,
  MODEL_PRICES,
  priceOf,
  unpricedModelWarning
} from '../src/vocabulary/model-pricing.js'

describe('model prices', () => {
  it('prices dated, Bedrock and Vertex ids of a known model alike', () => {
    const sonnet = MODEL_PRICES['claude-sonnet-5-5']
    for (const id of [
      'claude-sonnet-5-5',
      'us.anthropic.claude-sonnet-5-5-v1:0',
      'claude-sonnet-5-5@20260928',
      'claude-sonnet-5-5-20260928'
    ])
      expect(priceOf(id), id).toEqual(sonnet)
  })

  it('warns about a model without a price, naming every known one', () => {
    expect(unpricedModelWarning('claude-sonnet-5-5')).toBeUndefined()
    const warning = unpricedModelWarning('claude-sonet-4')!
    expect(warning).toMatch(/^Model 'claude-sonet-4' has no known price/)
    for (const id of Object.keys(MODEL_PRICES)) expect(warning).toContain(id)
    expect(knownModelsLine()).toContain('claude-haiku-5-5 $0.1/$0.5')
  })

  it('the README lists exactly these models and prices', () => {
    const readme = readFileSync(
      resolve(import.meta.dirname, '../README.md'),
      'utf8'
    )
    const rows = [
      ...readme.matchAll(
        /^\| `([a-z0-9-]+)` +\| +\$([\d.]+) \| +\$([\d.]+) \| +\$([\d.]+) \| +\$([\d.]+) \|$/gm
      )
    ].map((m) => [m[1], Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])])
    expect(rows).toEqual(
      Object.entries(MODEL_PRICES).map(([id, p]) => [
        id,
        p.input,
        p.output,
        p.cacheWrite,
        p.cacheRead
      ])
    )
  })
})
