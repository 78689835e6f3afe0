/** Tests for src/findings/ledger.ts, placement.ts, anchor.ts and fingerprint.ts. */
import { describe, expect, it } from 'vitest'
import { parsePatch } from '../src/diff/hunk-parser.js'
import type { ChangedFile } from '../src/diff/types.js'
import type { ValidFinding } from '../src/findings/finding.js'
import { fingerprint } from '../src/findings/fingerprint.js'
import { buildLedger, countOpen } from '../src/findings/ledger.js'
import {
  applyVerdicts,
  awaitingVerification,
  placeFindings
} from '../src/findings/placement.js'
import type { StateFinding } from '../src/findings/run-state.js'
import type { PassStatus } from '../src/vocabulary/pass.js'
import { NO_USAGE } from '../src/vocabulary/usage.js'
import type { LedgerInput } from '../src/findings/ledger.js'
import type { ReviewFinding } from '../src/findings/finding.js'

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

type Options = Partial<LedgerInput> & { maxComments?: number }

const options: Options = {
  files: [file],
  minSeverity: 'info',
  minConfidence: 0.5,
  maxComments: 25
}

/** The ledger of one run's reports, placed. */
function reconcile(reported: ReviewFinding[], given: Options = options) {
  const ledger = buildLedger({
    reported,
    files: [file],
    headSha: 'head1234',
    passes: [],
    earlier: [],
    dismissed: [],
    commented: new Map(),
    minSeverity: 'info',
    minConfidence: 0.5,
    ...given
  })
  const placed = placeFindings(ledger, given.maxComments ?? 25)
  return { published: placed.findings, invalid: placed.invalid }
}

describe('the findings ledger', () => {
  it('keeps a finding on a commentable line inline, with a fingerprint of the code it points at', () => {
    const [finding] = reconcile([base], options).published
    expect(finding).toMatchObject({
      placement: 'inline',
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
      placement: 'inline',
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
      placement: 'inline',
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
      placement: 'summary',
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
    expect(published.map((f) => [f.status, f.reason])).toEqual([
      ['filtered', 'below min-confidence (0.5)'],
      ['filtered', 'below min-severity (medium)']
    ])
  })

  it('caps inline comments by severity then confidence; the rest go to the summary', () => {
    const many = ['low', 'critical', 'medium', 'high'].map((severity, i) => ({
      ...base,
      severity: severity as ValidFinding['severity'],
      title: ['Unbounded list', 'Missing index', 'Token logged', 'Lock held'][
        i
      ],
      evidence: undefined,
      line: 10 + i
    }))
    const { published } = reconcile(many, { ...options, maxComments: 2 })
    const inline = published
      .filter((f) => f.placement === 'inline')
      .map((f) => f.severity)
    expect(inline).toEqual(['critical', 'high'])
    expect(
      published.filter((f) => f.placement === 'summary').map((f) => f.reason)
    ).toEqual(['over max-comments (2)', 'over max-comments (2)'])
  })

  it('does not post a finding again when a comment of ours carries its fingerprint', () => {
    const first = reconcile([base], options).published[0]
    const [again] = reconcile([{ ...base, line: 30 }], {
      ...options,
      commented: new Map([[first.fingerprint, 77]])
    }).published
    expect(again).toMatchObject({ placement: 'commented', commentId: 77 })
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

describe('the ledger across runs', () => {
  const earlier = (over: Partial<StateFinding> = {}): StateFinding => ({
    fp: 'aaaaaaaaaaaaaaaa',
    path: 'src/orders.ts',
    line: 12,
    severity: 'critical',
    confidence: 0.9,
    areas: ['security'],
    title: 'Token written to the log',
    head: 'oldhead1',
    status: 'open',
    ...over
  })
  const pass = (status: PassStatus, area = 'security') => ({
    unit: 'unit-1',
    area,
    status,
    turns: 1,
    toolCalls: 0,
    usage: NO_USAGE,
    paths: ['src/orders.ts']
  })
  const run = (over: Partial<LedgerInput>) =>
    reconcile([], { ...options, headSha: 'newhead1', ...over }).published

  it('puts the comment where the evidence is, even when the reported line is commentable', () => {
    // Line 13 is an added, commentable line; the evidence is on line 12.
    const [finding] = reconcile([{ ...base, line: 13 }]).published
    expect(finding.anchor).toEqual({ line: 12 })
    expect(finding.reason).toBe('moved from line 13 to where its evidence is')
  })

  it('carries an earlier open finding whose pass did not run again, and counts it', () => {
    const ledger = buildLedger({
      reported: [],
      files: [file],
      headSha: 'newhead1',
      passes: [],
      earlier: [earlier()],
      dismissed: [],
      commented: new Map(),
      minSeverity: 'info',
      minConfidence: 0.5
    })
    expect(ledger.findings).toEqual([
      expect.objectContaining({ origin: 'carried', status: 'open' })
    ])
    expect(countOpen(ledger)).toMatchObject({ critical: 1 })
  })

  it('resolves a finding only when its area completed on a later head without it', () => {
    expect(
      run({ earlier: [earlier()], passes: [pass('complete')] })[0]
    ).toMatchObject({
      status: 'resolved'
    })
    expect(
      run({ earlier: [earlier()], passes: [pass('failed')] })[0]
    ).toMatchObject({
      status: 'open',
      origin: 'carried'
    })
    expect(
      run({ earlier: [earlier()], passes: [pass('complete', 'api')] })[0].status
    ).toBe('open')
    // Same head: the code did not change, so a pass that stays silent resolves nothing.
    expect(
      run({
        earlier: [earlier({ head: 'newhead1' })],
        passes: [pass('complete')]
      })[0].status
    ).toBe('open')
  })

  it('resolves a finding whose file is no longer in the pull request', () => {
    expect(
      run({ earlier: [earlier({ path: 'src/gone.ts' })] })[0]
    ).toMatchObject({
      status: 'resolved',
      reason: 'its file is no longer changed by the pull request'
    })
  })

  it('knows a finding reported again: same record, its verdict kept, not verified twice', () => {
    const first = reconcile([base]).published[0]
    const ledger = buildLedger({
      reported: [{ ...base, title: 'SQL injection in findOrder!' }],
      files: [file],
      headSha: 'newhead1',
      passes: [pass('complete')],
      earlier: [
        earlier({ fp: first.fingerprint, title: base.title, verdict: 'keep' })
      ],
      dismissed: [],
      commented: new Map(),
      minSeverity: 'info',
      minConfidence: 0.5
    })
    expect(ledger.findings).toHaveLength(1)
    expect(ledger.findings[0]).toMatchObject({
      origin: 'again',
      verification: { verdict: 'keep' }
    })
    expect(awaitingVerification(ledger, ['critical'])).toEqual([])
  })

  it('keeps a dismissed finding out of what is open, with who and why', () => {
    const [finding] = reconcile([base], {
      ...options,
      dismissed: [
        {
          fp: 'ffffffffffffffff',
          path: base.path,
          title: base.title,
          by: 'octocat',
          at: '2026-11-01',
          reason: 'false positive'
        }
      ]
    }).published
    expect(finding).toMatchObject({
      status: 'dismissed',
      reason: 'dismissed by octocat on 2026-11-01: false positive'
    })
  })

  it('keeps listing a dismissal whose finding is no longer reported, and never counts it', () => {
    const dismissal = {
      fp: 'eeeeeeeeeeeeeeee',
      path: 'src/gone.ts',
      title: 'Unbounded retry loop',
      by: 'octocat',
      at: '2026-11-02T10:00:00Z',
      reason: 'retries are capped by the client',
      line: 12,
      severity: 'high' as const,
      areas: ['system']
    }
    const ledger = buildLedger({
      reported: [],
      files: [file],
      headSha: 'newhead1',
      passes: [],
      earlier: [],
      dismissed: [dismissal],
      commented: new Map(),
      minSeverity: 'info',
      minConfidence: 0
    })
    expect(ledger.findings).toHaveLength(1)
    expect(ledger.findings[0]).toMatchObject({
      fingerprint: dismissal.fp,
      status: 'dismissed',
      severity: 'high',
      path: 'src/gone.ts',
      line: 12,
      reason:
        'dismissed by octocat on 2026-11-02: retries are capped by the client'
    })
    expect(countOpen(ledger).high).toBe(0)
  })

  it('asks verification once per distinct finding, however many passes reported it', () => {
    const ledger = buildLedger({
      reported: ['security', 'database', 'api', 'system', 'performance'].map(
        (area) => ({ ...base, area })
      ),
      files: [file],
      headSha: 'newhead1',
      passes: [],
      earlier: [],
      dismissed: [],
      commented: new Map(),
      minSeverity: 'info',
      minConfidence: 0.5
    })
    expect(ledger.findings).toHaveLength(1)
    expect(ledger.findings[0].reports).toBe(5)
    expect(awaitingVerification(ledger, ['critical'])).toHaveLength(1)
    const verified = applyVerdicts(
      ledger,
      new Map([
        [ledger.findings[0], { verdict: 'drop' as const, reason: 'handled' }]
      ])
    )
    expect(countOpen(verified).critical).toBe(0)
    // A new ledger: the one verified is left as it was.
    expect(countOpen(ledger).critical).toBe(1)
  })
})
