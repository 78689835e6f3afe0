/** Tests for src/plan/review-plan.ts, token-estimate.ts and cost-estimate.ts. */
import { describe, expect, it } from 'vitest'
import { parsePatch } from '../src/diff/hunk-parser.js'
import type { ChangedFile } from '../src/diff/types.js'
import { estimateCost, PASS_ASSUMPTIONS } from '../src/plan/cost-estimate.js'
import { MODEL_PRICES, priceOf } from '../src/vocabulary/model-pricing.js'
import { planReview } from '../src/plan/review-plan.js'
import { buildUnitPrefix } from '../src/review/prompt.js'
import { estimateFileTokens } from '../src/plan/token-estimate.js'

/** A file with `hunks` hunks of `rows` added lines each, 10 lines apart. */
function file(path: string, hunks: number, rows: number): ChangedFile {
  const patch: string[] = []
  let line = 1
  for (let h = 0; h < hunks; h++) {
    patch.push(`@@ -${line},0 +${line},${rows} @@`)
    for (let r = 0; r < rows; r++)
      patch.push(`+const value${h}_${r} = compute(${r}) // ${'x'.repeat(40)}`)
    line += rows + 10
  }
  return {
    path,
    status: 'modified',
    additions: hunks * rows,
    deletions: 0,
    binary: false,
    patchMissing: false,
    hunks: parsePatch(patch.join('\n'))
  }
}

describe('planReview', () => {
  it('summarises a long removed file instead of sending it whole, and keeps a short one whole', () => {
    const removed = (path: string, lines: number): ChangedFile => ({
      path,
      status: 'removed',
      additions: 0,
      deletions: lines,
      binary: false,
      patchMissing: false,
      hunks: parsePatch(
        [
          `@@ -1,${lines} +0,0 @@`,
          ...Array.from({ length: lines }, (_, i) =>
            i === 0
              ? '-export function exportLedgerCsv(rows) {'
              : `-  row(${i})`
          )
        ].join('\n')
      )
    })
    const plan = planReview(
      [removed('legacy/exporter.ts', 5_000), removed('legacy/small.ts', 40)],
      [],
      40_000
    )
    const [big, small] = plan.units[0].files
    expect(big.removal).toEqual({ lines: 5_000 })
    expect(big.hunks).toEqual([])
    expect(big.tokens).toBeLessThan(200)
    expect(small.removal).toBeUndefined()
    expect(small.hunks).toHaveLength(1)
    const prefix = buildUnitPrefix(
      { title: 't', body: '', reference: 'o/r#1' },
      plan.units[0],
      []
    )
    expect(prefix).toContain(
      'The whole file was removed (5000 lines, not shown). It defined: `exportLedgerCsv` (function).'
    )
    expect(prefix).not.toContain('row(4999)')
    expect(prefix).toContain('row(39)')
  })

  it('keeps small files whole and folders together', () => {
    const files = [
      file('src/b.ts', 1, 5),
      file('lib/x.ts', 1, 5),
      file('src/a.ts', 1, 5)
    ]
    const plan = planReview(files, [], 40_000)
    expect(plan.units).toHaveLength(1)
    expect(plan.units[0].files.map((f) => f.file.path)).toEqual([
      'lib/x.ts',
      'src/a.ts',
      'src/b.ts'
    ])
    expect(plan.units[0].tokens).toBe(
      files.reduce((sum, f) => sum + estimateFileTokens(f), 0)
    )
  })

  it('never exceeds the budget and places every file', () => {
    const files = Array.from({ length: 40 }, (_, i) =>
      file(`pkg${i % 7}/f${i}.ts`, 3, 20)
    )
    const budget = 5_000
    const plan = planReview(files, [], budget)
    for (const unit of plan.units)
      expect(unit.tokens).toBeLessThanOrEqual(budget)
    const placed = new Set(
      plan.units.flatMap((u) => u.files.map((f) => f.file.path))
    )
    expect(placed.size).toBe(40)
    expect(plan.reviewedFiles).toBe(40)
    expect(plan.diffTokens).toBe(plan.units.reduce((s, u) => s + u.tokens, 0))
  })

  it('splits a file that alone is too big at hunk boundaries, keeping line numbers', () => {
    const big = file('src/big.ts', 6, 40)
    const budget = Math.ceil(estimateFileTokens(big) / 3)
    const plan = planReview([big], [], budget)
    const parts = plan.units.flatMap((u) => u.files)
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.every((p) => p.part?.count === parts.length)).toBe(true)
    expect(parts.flatMap((p) => p.hunks)).toEqual(big.hunks)
    for (const unit of plan.units)
      expect(unit.tokens).toBeLessThanOrEqual(budget)
  })

  it('cuts a single oversized hunk at line boundaries without losing or renumbering rows', () => {
    const huge = file('src/huge.ts', 1, 400)
    const plan = planReview([huge], [], 1_500)
    const rows = plan.units.flatMap((u) =>
      u.files.flatMap((f) => f.hunks.flatMap((h) => h.lines))
    )
    expect(rows).toEqual(huge.hunks[0].lines)
    const pieces = plan.units.flatMap((u) => u.files.flatMap((f) => f.hunks))
    expect(pieces.length).toBeGreaterThan(1)
    for (const piece of pieces) {
      expect(piece.newStart).toBe(piece.lines[0].newLine)
      expect(piece.newLines).toBe(piece.lines.length)
    }
  })

  it('counts skipped files in the total', () => {
    const plan = planReview(
      [file('a.ts', 1, 1)],
      [{ path: 'b.png', category: 'binary', reason: 'binary file' }],
      40_000
    )
    expect(plan.totalFiles).toBe(2)
    expect(plan.skipped).toHaveLength(1)
  })
})

describe('estimateCost', () => {
  it('writes each unit prefix once and reads it for the sibling passes and later turns', () => {
    const plan = planReview([file('a.ts', 2, 30)], [], 40_000)
    const a = PASS_ASSUMPTIONS
    const diff = plan.units[0].tokens
    const shared =
      a.systemTokens + diff + Math.round(diff * a.contextPerDiffToken)
    const five = estimateCost(plan, 5, 'claude-sonnet-5-5')
    expect(five.passes).toBe(5)
    // Once the shared part; per pass its area text and one tool round.
    expect(five.cacheWriteTokens).toBe(
      shared + 5 * (a.areaTokens + a.toolResultTokensPerTurn)
    )
    // Four siblings read the shared part; every second turn reads it and the area text.
    expect(five.cacheReadTokens).toBe(4 * shared + 5 * (shared + a.areaTokens))
    expect(five.inputTokens).toBe(0)
    const price = MODEL_PRICES['claude-sonnet-5-5']
    const expected =
      (five.cacheWriteTokens * price.cacheWrite +
        five.cacheReadTokens * price.cacheRead +
        five.outputTokens * price.output) /
      1e6
    expect(five.costUsd).toBeCloseTo(expected, 10)
    expect(estimateCost(plan, 1, 'claude-sonnet-5-5').costUsd!).toBeLessThan(
      five.costUsd!
    )
    // Context is capped by max-context-tokens.
    expect(estimateCost(plan, 5, 'claude-sonnet-5-5', 0).cacheWriteTokens).toBe(
      a.systemTokens + diff + 5 * (a.areaTokens + a.toolResultTokensPerTurn)
    )
  })

  it('knows dated ids and leaves the cost of unknown models undefined', () => {
    expect(priceOf('claude-opus-4-5-20251101')).toEqual(
      MODEL_PRICES['claude-opus-4-5']
    )
    const plan = planReview([file('a.ts', 1, 1)], [], 40_000)
    expect(estimateCost(plan, 5, 'my-proxy-model').costUsd).toBeUndefined()
  })
})
