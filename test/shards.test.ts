/** Tests for src/plan/shards.ts and src/pipeline/shard-file.ts: splitting passes over shard jobs and merging their files. */
import { describe, expect, it } from 'vitest'
import { ConfigurationError } from '../src/errors.js'
import { mergeShards, parseShardFile } from '../src/outcome/shard-file.js'
import type { ShardFile } from '../src/outcome/shard-file.js'
import { planHash, shardMatrix, splitIntoShards } from '../src/plan/shards.js'
import type { ReviewUnit } from '../src/plan/review-plan.js'
import { shardCountOf } from '../src/pipeline/sharding.js'
import { NO_USAGE } from '../src/vocabulary/usage.js'

const AREAS = ['api', 'database', 'system', 'security', 'performance']
const units = (tokens: number[]): { units: ReviewUnit[] } => ({
  units: tokens.map((t, i) => ({ id: `unit-${i + 1}`, tokens: t, files: [] }))
})
const passesOf = (share: Map<string, readonly string[]>) =>
  [...share.values()].reduce((sum, areas) => sum + areas.length, 0)

describe('splitIntoShards', () => {
  it('keeps a unit’s areas together, holds at most passes-per-shard, and balances tokens', () => {
    const plan = units([9000, 100, 8000, 200, 7000, 300, 6000])
    const shares = splitIntoShards(plan, AREAS, 15)
    expect(shares).toHaveLength(3)
    for (const share of shares) {
      expect(passesOf(share)).toBeLessThanOrEqual(15)
      for (const areas of share.values()) expect(areas).toEqual(AREAS)
    }
    const all = shares.flatMap((s) => [...s.keys()]).sort()
    expect(all).toEqual(plan.units.map((u) => u.id).sort())
    // The three heaviest units land on three different shards.
    const shardOf = (id: string) => shares.findIndex((s) => s.has(id))
    expect(new Set(['unit-1', 'unit-3', 'unit-5'].map(shardOf)).size).toBe(3)
  })

  it('splits a unit’s areas when passes-per-shard is smaller than the areas', () => {
    const shares = splitIntoShards(units([500, 500]), AREAS, 2)
    expect(shares.length).toBe(6)
    for (const share of shares) expect(passesOf(share)).toBeLessThanOrEqual(2)
    const pairs = shares.flatMap((s) =>
      [...s].flatMap(([unit, areas]) => areas.map((a) => `${unit} ${a}`))
    )
    expect(new Set(pairs).size).toBe(10)
  })

  it('splits into any count a static matrix asks for: every pass once, none empty, the same in every job', () => {
    const plan = units([900, 800, 700, 600])
    for (const count of [1, 3, 7, 20]) {
      const shares = splitIntoShards(plan, AREAS, 25, count)
      expect(shares).toHaveLength(count)
      const pairs = shares.flatMap((s) =>
        [...s].flatMap(([unit, areas]) => areas.map((a) => `${unit} ${a}`))
      )
      expect(pairs).toHaveLength(20)
      expect(new Set(pairs).size).toBe(20)
      expect(shares.every((s) => passesOf(s) > 0)).toBe(true)
      expect(
        splitIntoShards(plan, AREAS, 25, count).map((s) => [...s])
      ).toEqual(shares.map((s) => [...s]))
    }
  })

  it('a merge refuses shard files of matrices of different sizes, naming them', () => {
    const file = (shard: string) => ({ shard })
    expect(
      shardCountOf([
        { source: 'a.json', file: file('1/3') },
        { source: 'b.json', file: file('2/3') }
      ])
    ).toBe(3)
    expect(() =>
      shardCountOf([
        { source: 'a.json', file: file('1/3') },
        { source: 'b.json', file: file('2/2') }
      ])
    ).toThrow(
      'The shard files come from matrices of different sizes (a.json: of 3; b.json: of 2): merge the files of one run of the shard jobs.'
    )
  })

  it('is deterministic and never exceeds 256 shards', () => {
    const plan = units(Array.from({ length: 600 }, (_, i) => 100 + (i % 7)))
    const a = splitIntoShards(plan, AREAS, 5)
    const b = splitIntoShards(plan, AREAS, 5)
    expect(a.map((s) => [...s])).toEqual(b.map((s) => [...s]))
    expect(a).toHaveLength(256)
    expect(shardMatrix(3)).toEqual({ shard: ['1/3', '2/3', '3/3'] })
  })
})

describe('merging shard files', () => {
  const HEAD = 'a'.repeat(40)
  const plan = units([100, 200])
  const hash = planHash(plan, { areas: ['api'], model: 'm', agent: 'a' })
  const shares = splitIntoShards(plan, ['api'], 1)
  const fileOf = (index: number, over: Partial<ShardFile> = {}): ShardFile => ({
    version: 1,
    head: HEAD,
    plan: hash,
    shard: `${index}/2`,
    model: 'claude-sonnet-5-5',
    passes: [...shares[index - 1]].map(([unit]) => ({
      unit,
      area: 'api',
      status: 'complete' as const,
      turns: 1,
      toolCalls: 0,
      usage: NO_USAGE,
      findings: []
    })),
    context: [],
    ...over
  })

  it('unions the passes of every shard; a missing shard’s passes are not run', () => {
    const both = mergeShards(
      [1, 2].map((i) => ({ source: `s${i}.json`, file: fileOf(i) })),
      { head: HEAD, plan: hash, shares }
    )
    expect(both.passes.map((p) => p.status)).toEqual(['complete', 'complete'])
    expect(both.missing).toEqual([])
    const one = mergeShards([{ source: 's1.json', file: fileOf(1) }], {
      head: HEAD,
      plan: hash,
      shares
    })
    expect(one.missing).toEqual(['2/2'])
    expect(one.passes.find((p) => p.status === 'not-run')?.reason).toBe(
      'not run: shard 2/2 delivered no file'
    )
  })

  it('refuses files of another head or plan, naming them', () => {
    const expected = { head: HEAD, plan: hash, shares }
    expect(() =>
      mergeShards(
        [{ source: 'old.json', file: fileOf(1, { head: 'b'.repeat(40) }) }],
        expected
      )
    ).toThrow(
      new ConfigurationError(
        `old.json is shard 1/2 of head bbbbbbbbbbbb, but this run reviews aaaaaaaaaaaa: re-run the shard jobs on this head.`
      )
    )
    expect(() =>
      mergeShards(
        [{ source: 'x.json', file: fileOf(1, { plan: 'c'.repeat(64) }) }],
        expected
      )
    ).toThrow('x.json (shard 1/2) was made from another plan')
  })

  it('reads only shard files of its version', () => {
    expect(parseShardFile(JSON.stringify(fileOf(1)), 'a.json').shard).toBe(
      '1/2'
    )
    expect(() => parseShardFile('{', 'b.json')).toThrow(
      'b.json is not a shard file'
    )
    expect(() =>
      parseShardFile(JSON.stringify({ ...fileOf(1), version: 9 }), 'c.json')
    ).toThrow('c.json is not a shard file of this version (1)')
  })
})
