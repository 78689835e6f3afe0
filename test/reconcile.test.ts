/** Tests for src/publish/reconcile.ts and src/publish/fingerprint.ts. */
import { describe, expect, it } from 'vitest'
import { parsePatch } from '../src/diff/hunk-parser.js'
import type { ChangedFile } from '../src/diff/types.js'
import type { ValidFinding } from '../src/findings/finding.js'
import { fingerprint } from '../src/publish/fingerprint.js'
import { reconcile } from '../src/publish/reconcile.js'
import type { ReconcileOptions } from '../src/publish/reconcile.js'

// Head lines 10-16 are in the diff: 12 and 13 are added.
const file: ChangedFile = {
  path: 'src/orders.ts',
  status: 'modified',
  additions: 2,
  deletions: 1,
  binary: false,
  patchMissing: false,
  hunks: parsePatch(
    [
      '@@ -10,6 +10,7 @@ export async function findOrder(req) {',
      '   const id = req.params.id',
      '   const user = req.user',
      "-  return db.query('SELECT * FROM orders WHERE id = $1', [id])",
      "+  const sql = 'SELECT * FROM orders WHERE id = ' + id",
      '+  return db.query(sql)',
      ' }',
      ' ',
      ' export function other() {'
    ].join('\n')
  )
}

const base: ValidFinding = {
  area: 'security',
  severity: 'critical',
  confidence: 0.9,
  path: 'src/orders.ts',
  line: 12,
  title: 'SQL injection in findOrder',
  problem: 'id is concatenated into SQL.',
  recommendation: 'Parameterize.',
  evidence: "const sql = 'SELECT * FROM orders WHERE id = ' + id",
  unit: 'unit-1',
  pass: 'security',
  status: 'valid'
}

const options: ReconcileOptions = {
  files: [file],
  minSeverity: 'info',
  minConfidence: 0.5,
  maxComments: 25,
  postedFingerprints: new Set()
}

describe('reconcile', () => {
  it('keeps a finding on a commentable line inline, with a fingerprint of the code it points at', () => {
    const [finding] = reconcile([base], options).published
    expect(finding).toMatchObject({
      disposition: 'inline',
      anchor: { line: 12 },
      areas: ['security']
    })
    expect(finding.fingerprint).toBe(
      fingerprint(
        'src/orders.ts',
        base.title,
        "  const sql = 'SELECT * FROM orders WHERE id = ' + id"
      )
    )
  })

  it('re-anchors a wrong line onto the changed line its evidence matches', () => {
    const [finding] = reconcile([{ ...base, line: 30 }], options).published
    expect(finding).toMatchObject({
      disposition: 'inline',
      anchor: { line: 12 },
      reason: 'moved from line 30 to where its evidence is'
    })
  })

  it('keeps the fingerprint when the same code moves to other lines', () => {
    const moved: ChangedFile = {
      ...file,
      hunks: parsePatch(
        [
          '@@ -40,2 +40,3 @@',
          '   const user = req.user',
          "+  const sql = 'SELECT * FROM orders WHERE id = ' + id",
          '   x'
        ].join('\n')
      )
    }
    const before = reconcile([base], options).published[0].fingerprint
    const after = reconcile([{ ...base, line: 41 }], {
      ...options,
      files: [moved]
    }).published[0]
    expect(after.anchor).toEqual({ line: 41 })
    expect(after.fingerprint).toBe(before)
  })

  it('anchors a multi-line range inside one hunk and narrows one that leaves the diff', () => {
    expect(
      reconcile([{ ...base, end_line: 13 }], options).published[0]
    ).toMatchObject({
      anchor: { line: 13, startLine: 12 },
      suggestionApplies: false
    })
    const narrowed = reconcile(
      [{ ...base, evidence: undefined, end_line: 40 }],
      options
    ).published[0]
    expect(narrowed).toMatchObject({
      disposition: 'inline',
      anchor: { line: 12 }
    })
    expect(narrowed.reason).toMatch(/crosses the diff/)
  })

  it('sends a finding outside the diff, with no matching evidence, to the summary', () => {
    const [finding] = reconcile(
      [{ ...base, line: 3, evidence: 'not in the diff' }],
      options
    ).published
    expect(finding).toMatchObject({
      disposition: 'summary',
      reason: 'outside the diff'
    })
    expect(finding.anchor).toBeUndefined()
  })

  it('merges the same problem at the same place raised by several areas', () => {
    const { published } = reconcile(
      [
        {
          ...base,
          area: 'database',
          severity: 'high',
          confidence: 0.95,
          title: 'SQL injection in findOrder query'
        },
        base,
        {
          ...base,
          area: 'performance',
          title: 'Query not using an index',
          severity: 'medium'
        }
      ],
      options
    )
    expect(published).toHaveLength(2)
    expect(published[0]).toMatchObject({
      severity: 'critical',
      areas: ['security', 'database'],
      confidence: 0.95
    })
    expect(published[1]).toMatchObject({ areas: ['performance'] })
  })

  it('filters by min-severity and min-confidence, keeping the findings marked', () => {
    const { published } = reconcile(
      [
        { ...base, severity: 'low', title: 'Naming' },
        { ...base, confidence: 0.2, title: 'Maybe a race' }
      ],
      { ...options, minSeverity: 'medium' }
    )
    expect(published.map((f) => [f.disposition, f.reason])).toEqual([
      ['filtered', 'below min-confidence (0.5)'],
      ['filtered', 'below min-severity (medium)']
    ])
  })

  it('caps inline comments by severity then confidence; the rest go to the summary', () => {
    const many = ['low', 'critical', 'medium', 'high'].map((severity, i) => ({
      ...base,
      severity: severity as ValidFinding['severity'],
      title: `Problem number ${'abcd'[i]} here`,
      line: 10 + i
    }))
    const { published } = reconcile(many, { ...options, maxComments: 2 })
    const inline = published
      .filter((f) => f.disposition === 'inline')
      .map((f) => f.severity)
    expect(inline).toEqual(['critical', 'high'])
    expect(
      published.filter((f) => f.disposition === 'summary').map((f) => f.reason)
    ).toEqual(['over max-comments (2)', 'over max-comments (2)'])
  })

  it('does not post a finding again when a comment of ours carries its fingerprint', () => {
    const first = reconcile([base], options).published[0]
    const [again] = reconcile([{ ...base, line: 30 }], {
      ...options,
      postedFingerprints: new Set([first.fingerprint])
    }).published
    expect(again).toMatchObject({ disposition: 'posted-before' })
  })

  it('keeps a suggestion only when it still replaces the anchored lines', () => {
    const withSuggestion = {
      ...base,
      suggestion:
        "  return db.query('SELECT * FROM orders WHERE id = $1', [id])"
    }
    expect(
      reconcile([withSuggestion], options).published[0].suggestionApplies
    ).toBe(true)
    expect(
      reconcile([{ ...withSuggestion, line: 30 }], options).published[0]
        .suggestionApplies
    ).toBe(false)
  })

  it('passes invalid findings through untouched', () => {
    const invalid = {
      unit: 'unit-1',
      pass: 'api',
      status: 'invalid' as const,
      input: { x: 1 },
      problems: ['bad']
    }
    expect(reconcile([invalid, base], options).invalid).toEqual([invalid])
  })
})
