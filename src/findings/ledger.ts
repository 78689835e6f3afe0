import { applyIgnoreList } from './ignore-list.js'
import type { IgnoreList } from './ignore-list.js'
import { CommentableLines } from '../diff/commentable-lines.js'
import type { ChangedFile } from '../diff/types.js'
import type { PassOutcome } from '../vocabulary/pass.js'
import { atLeast, bySeverity } from '../vocabulary/severity.js'
import type { Severity } from '../vocabulary/severity.js'
import { anchorFinding, headRows } from './anchor.js'
import type { Anchor } from './anchor.js'
import type {
  Finding,
  InvalidFinding,
  ReviewFinding,
  ValidFinding,
  Verification
} from './finding.js'
import { normalizeTitle } from './fingerprint.js'
import type { DismissedFinding, StateFinding } from './run-state.js'

/** Where a finding stands after this run. */
export type FindingStatus =
  | 'open'
  /** Below min-severity or min-confidence: in the outputs only. */
  | 'filtered'
  /** The verifier found it was not a real problem: in the outputs only. */
  | 'dropped'
  /** A reviewer dismissed it: listed with the reason, never posted or gated. */
  | 'dismissed'
  /** Its area's review completed on a later head and did not report it again. */
  | 'resolved'

/** Where an open finding is shown. */
export type Placement =
  /** An inline comment in this run's review. */
  | 'inline'
  /** Listed in the summary comment (outside the diff, over max-comments, refused by GitHub). */
  | 'summary'
  /** An inline comment of an earlier run carries it. */
  | 'commented'

/** Whether this run reported it. */
export type FindingOrigin =
  /** Reported for the first time. */
  | 'new'
  /** Reported again; an earlier run reported it too. */
  | 'again'
  /** Not re-checked by this run (its pass was not due): taken from the run state. */
  | 'carried'

/** One distinct finding, whichever passes reported it. */
export interface LedgerFinding extends Omit<
  Finding,
  'area' | 'problem' | 'recommendation'
> {
  fingerprint: string
  origin: FindingOrigin
  status: FindingStatus
  /** Set for open findings. */
  placement?: Placement
  /** Why it is not inline, or what was adjusted. */
  reason?: string
  /** Every area that raised it, the first being the one whose wording is kept. */
  areas: string[]
  /** Absent for carried findings: the run state keeps no prose. */
  problem?: string
  recommendation?: string
  /** The units and the number of raw reports merged into it. */
  units: string[]
  reports: number
  anchor?: Anchor
  /** The suggestion still fits the anchored lines. */
  suggestionApplies: boolean
  verification?: Verification
  /** Our inline comment that carries it (from an earlier run, or this run's review). */
  commentId?: number
  /** The head it was last reported at. */
  head: string
}

/** Every finding of a run, each once, with what happened to it. */
export interface Ledger {
  findings: LedgerFinding[]
  /** Reports the model could not get right: kept, never dropped. */
  invalid: InvalidFinding[]
}

export interface LedgerInput {
  /** This run's raw findings, from every pass. */
  reported: readonly ReviewFinding[]
  /** Every changed file of the PR (for the commentable-line index). */
  files: readonly ChangedFile[]
  headSha: string
  /** This run's passes, with the paths each covered. */
  passes: ReadonlyArray<PassOutcome & { paths: readonly string[] }>
  /** Findings still open after earlier runs (from a verified run state). */
  earlier: readonly StateFinding[]
  dismissed: readonly DismissedFinding[]
  /** Findings the repository's configuration accepted (never posted or gated). */
  ignored?: IgnoreList
  /** Inline comments of ours by fingerprint (from the run state and our own comments). */
  commented: ReadonlyMap<string, number>
  minSeverity: Severity
  minConfidence: number
}

/**
 * Validate → anchor → deduplicate → merge with earlier and dismissed
 * findings → filter. Verification and the inline cap come after, on the
 * ledger this returns. Pure: the same input gives the same ledger.
 */
export function buildLedger(input: LedgerInput): Ledger {
  const index = new CommentableLines(input.files)
  const rows = headRows(input.files)
  const invalid = input.reported.filter(
    (f): f is InvalidFinding => f.status === 'invalid'
  )
  const anchored = input.reported
    .filter((f): f is ValidFinding => f.status === 'valid')
    .map((f) =>
      fromReport(f, anchorFinding(f, index, rows.get(f.path)), input.headSha)
    )
  const merged = mergeEarlier(deduplicate(anchored), input)
  const findings = applyIgnoreList(
    applyDismissals(merged, input.dismissed),
    input.ignored ?? new Map()
  ).map((finding) => filtered(finding, input))
  return { findings, invalid }
}

/**
 * Dismisses the open findings a dismissal names (by fingerprint, or the
 * same file and a similar title), and lists every other dismissal as a
 * dismissed finding: it stays listed after it is no longer reported.
 * Also used when a dismissal made during the run is taken in before publishing.
 */
export function applyDismissals(
  findings: readonly LedgerFinding[],
  dismissed: readonly DismissedFinding[]
): LedgerFinding[] {
  const applied = new Set<DismissedFinding>()
  const marked = findings.map((finding) => {
    const dismissal = matchingDismissal(finding, dismissed)
    if (!dismissal) return finding
    applied.add(dismissal)
    // Taken in after placement (a dismissal made during the run): never posted.
    return {
      ...finding,
      status: 'dismissed' as const,
      reason: dismissalReason(dismissal),
      placement: undefined
    }
  })
  const listed = dismissed
    .filter(
      (d) => !applied.has(d) && !findings.some((f) => f.fingerprint === d.fp)
    )
    .map(dismissedOnly)
  return [...marked, ...listed]
}

function fromReport(
  finding: ValidFinding,
  placed: ReturnType<typeof anchorFinding>,
  head: string
): LedgerFinding {
  const { area, unit, pass: _pass, status: _status, ...fields } = finding
  return {
    ...fields,
    fingerprint: placed.fingerprint,
    anchor: placed.anchor,
    reason: placed.reason,
    suggestionApplies: placed.suggestionApplies,
    origin: 'new',
    status: 'open',
    areas: [area],
    units: [unit],
    reports: 1,
    head
  }
}

/**
 * Merges findings about the same place and the same problem, whichever
 * area or unit raised them: the most severe wording is kept and every area
 * is named.
 */
function deduplicate(findings: LedgerFinding[]): LedgerFinding[] {
  const ordered = [...findings].sort(bySeverity)
  const kept: LedgerFinding[] = []
  for (const finding of ordered) {
    const twin = kept.find(
      (other) => samePlace(other, finding) && sameProblem(other, finding)
    )
    if (!twin) {
      kept.push(finding)
      continue
    }
    for (const area of finding.areas)
      if (!twin.areas.includes(area)) twin.areas.push(area)
    for (const unit of finding.units)
      if (!twin.units.includes(unit)) twin.units.push(unit)
    twin.reports += finding.reports
    twin.confidence = Math.max(twin.confidence, finding.confidence)
  }
  return kept
}

/**
 * Earlier findings reported again take over their comment and verdict;
 * those not reported again are resolved when every one of their areas was
 * reviewed to completion on this later head, and carried open otherwise.
 */
function mergeEarlier(
  reported: LedgerFinding[],
  input: LedgerInput
): LedgerFinding[] {
  const paths = new Set(input.files.map((f) => f.path))
  const merged = [...reported]
  for (const earlier of input.earlier) {
    const again =
      reported.find((f) => f.fingerprint === earlier.fp) ??
      reported.find(
        (f) =>
          f.origin !== 'again' &&
          f.path === earlier.path &&
          similarTitles(f.title, earlier.title)
      )
    if (again) {
      again.origin = 'again'
      // Reworded, or on moved code: still the earlier finding, known by the
      // earlier fingerprint, so its comment is found and not posted twice.
      again.fingerprint = earlier.fp
      again.verification ??= earlierVerdict(earlier)
      if (earlier.status === 'dropped') again.status = 'dropped'
      continue
    }
    if (earlier.status === 'dropped') continue
    const finding = carried(earlier)
    const resolvedBy = resolution(earlier, input, paths)
    if (resolvedBy) {
      finding.status = 'resolved'
      finding.reason = resolvedBy
    }
    merged.push(finding)
  }
  for (const finding of merged)
    finding.commentId ??= input.commented.get(finding.fingerprint)
  return merged
}

function resolution(
  earlier: StateFinding,
  input: LedgerInput,
  paths: ReadonlySet<string>
): string | undefined {
  if (!paths.has(earlier.path))
    return 'its file is no longer changed by the pull request'
  if (earlier.head === input.headSha) return undefined
  const completed = earlier.areas.every((area) =>
    input.passes.some(
      (p) =>
        p.area === area &&
        p.status === 'complete' &&
        p.paths.includes(earlier.path)
    )
  )
  return completed
    ? `not reported again by the ${earlier.areas.join(', ')} review at ${input.headSha.slice(0, 12)}`
    : undefined
}

function carried(earlier: StateFinding): LedgerFinding {
  return {
    fingerprint: earlier.fp,
    origin: 'carried',
    status: 'open',
    severity: earlier.severity,
    confidence: earlier.confidence,
    path: earlier.path,
    line: earlier.line,
    title: earlier.title,
    areas: [...earlier.areas],
    units: [],
    reports: 0,
    suggestionApplies: false,
    head: earlier.head,
    verification: earlierVerdict(earlier)
  }
}

function earlierVerdict(earlier: StateFinding): Verification | undefined {
  return earlier.verdict
    ? { verdict: earlier.verdict, reason: 'verified by an earlier run' }
    : undefined
}

/** The dismissal that names an open finding, if one does. */
function matchingDismissal(
  finding: LedgerFinding,
  dismissed: readonly DismissedFinding[]
): DismissedFinding | undefined {
  if (finding.status !== 'open') return undefined
  return dismissed.find(
    (d) =>
      d.fp === finding.fingerprint ||
      (d.path === finding.path && similarTitles(d.title, finding.title))
  )
}

function dismissalReason(dismissal: DismissedFinding): string {
  return `dismissed by ${dismissal.by} on ${dismissal.at.slice(0, 10)}: ${dismissal.reason}`
}

/** A dismissal whose finding this run neither reported nor carried: listed, never counted. */
function dismissedOnly(dismissal: DismissedFinding): LedgerFinding {
  return {
    fingerprint: dismissal.fp,
    origin: 'carried',
    status: 'dismissed',
    reason: dismissalReason(dismissal),
    severity: dismissal.severity ?? 'info',
    confidence: 0,
    path: dismissal.path,
    line: dismissal.line ?? 1,
    title: dismissal.title || `finding ${dismissal.fp}`,
    areas: [...(dismissal.areas ?? [])],
    units: [],
    reports: 0,
    suggestionApplies: false,
    head: ''
  }
}

function filtered(
  finding: LedgerFinding,
  input: Pick<LedgerInput, 'minSeverity' | 'minConfidence'>
): LedgerFinding {
  if (finding.status !== 'open') return finding
  if (!atLeast(finding.severity, input.minSeverity))
    return {
      ...finding,
      status: 'filtered',
      reason: `below min-severity (${input.minSeverity})`
    }
  if (finding.confidence < input.minConfidence)
    return {
      ...finding,
      status: 'filtered',
      reason: `below min-confidence (${input.minConfidence})`
    }
  return finding
}

/** Findings that count: open, new or carried. */
export function openFindings(ledger: Ledger): LedgerFinding[] {
  return ledger.findings.filter((f) => f.status === 'open')
}

/** Open findings per severity: the one count every output, comment and gate reads. */
export function countOpen(ledger: Ledger): Record<Severity, number> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 }
  for (const finding of openFindings(ledger)) counts[finding.severity]++
  return counts
}

/** Most severe, most confident first; then by place. */
export function byRank(a: LedgerFinding, b: LedgerFinding): number {
  return bySeverity(a, b) || a.path.localeCompare(b.path) || a.line - b.line
}

function span(f: LedgerFinding): [number, number] {
  if (f.anchor) return [f.anchor.startLine ?? f.anchor.line, f.anchor.line]
  return [f.line, f.end_line ?? f.line]
}

function samePlace(a: LedgerFinding, b: LedgerFinding): boolean {
  if (a.path !== b.path) return false
  const [a1, a2] = span(a)
  const [b1, b2] = span(b)
  return a1 <= b2 && b1 <= a2
}

function sameProblem(a: LedgerFinding, b: LedgerFinding): boolean {
  return a.fingerprint === b.fingerprint || similarTitles(a.title, b.title)
}

/** Titles that share most of their words name the same problem. */
export function similarTitles(a: string, b: string): boolean {
  const words = (t: string): Set<string> =>
    new Set(
      normalizeTitle(t)
        .split(' ')
        .filter((w) => w.length > 2)
    )
  const wa = words(a)
  const wb = words(b)
  const shared = [...wa].filter((w) => wb.has(w)).length
  return shared / Math.max(1, Math.min(wa.size, wb.size)) >= 0.6
}
