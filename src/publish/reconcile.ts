import { SEVERITIES } from '../agents/agent.js'
import type { Severity } from '../agents/agent.js'
import { CommentableLines } from '../diff/commentable-lines.js'
import type { ChangedFile } from '../diff/types.js'
import type {
  InvalidFinding,
  ReviewFinding,
  ValidFinding
} from '../findings/finding.js'
import { fingerprint, normalizeCode, normalizeTitle } from './fingerprint.js'

/** What happens to a finding when the review is published. */
export type Disposition =
  /** A comment on its line in this run's review. */
  | 'inline'
  /** Listed in the summary comment (outside the diff, or over max-comments). */
  | 'summary'
  /** Below min-severity or min-confidence: kept in the outputs only. */
  | 'filtered'
  /** A comment of ours on this PR already carries it. */
  | 'posted-before'
  /** The verifier found it was not a real problem: kept in the outputs only. */
  | 'dropped'

/** Findings that are published: not filtered out, not dropped by verification. */
export function isOpen(finding: { disposition: Disposition }): boolean {
  return finding.disposition !== 'filtered' && finding.disposition !== 'dropped'
}

/** Where an inline comment goes: head-side lines. */
export interface Anchor {
  line: number
  startLine?: number
}

/** A valid finding with its publishing decision. */
export interface PublishedFinding extends ValidFinding {
  /** Every area that raised it (duplicates across areas are merged). */
  areas: string[]
  fingerprint: string
  disposition: Disposition
  /** Why it is not inline, or what was adjusted. */
  reason?: string
  /** Set when it can sit on a diff line. */
  anchor?: Anchor
  /** The suggestion still fits the anchored lines. */
  suggestionApplies: boolean
}

export interface ReconcileOptions {
  /** Every file of the PR (for the commentable-line index). */
  files: readonly ChangedFile[]
  minSeverity: Severity
  minConfidence: number
  maxComments: number
  /** Fingerprints that already have a comment of ours on this PR. */
  postedFingerprints: ReadonlySet<string>
}

export interface Reconciliation {
  published: PublishedFinding[]
  invalid: InvalidFinding[]
}

/** Lines of evidence matched against the diff at most this far from the reported line. */
export const REANCHOR_WINDOW = 40

/**
 * Decides, for every finding, whether it becomes an inline comment, a
 * summary entry or a filtered output — with the reason. None is dropped.
 */
export function reconcile(
  findings: readonly ReviewFinding[],
  options: ReconcileOptions
): Reconciliation {
  const index = new CommentableLines(options.files)
  const rows = rightRows(options.files)
  const invalid = findings.filter(
    (f): f is InvalidFinding => f.status === 'invalid'
  )
  const anchored = findings
    .filter((f): f is ValidFinding => f.status === 'valid')
    .map((finding) => anchor(finding, index, rows.get(finding.path)))
  const merged = deduplicate(anchored)

  const rank = (s: Severity): number => SEVERITIES.indexOf(s)
  for (const finding of merged) {
    if (finding.verification?.verdict === 'drop') {
      finding.disposition = 'dropped'
      finding.reason = `dropped by verification: ${finding.verification.reason}`
    } else if (rank(finding.severity) > rank(options.minSeverity)) {
      finding.disposition = 'filtered'
      finding.reason = `below min-severity (${options.minSeverity})`
    } else if (finding.confidence < options.minConfidence) {
      finding.disposition = 'filtered'
      finding.reason = `below min-confidence (${options.minConfidence})`
    } else if (options.postedFingerprints.has(finding.fingerprint)) {
      finding.disposition = 'posted-before'
      finding.reason = 'already commented on this pull request'
    }
  }
  const candidates = merged
    .filter((f) => f.disposition === 'inline')
    .sort(
      (a, b) =>
        rank(a.severity) - rank(b.severity) || b.confidence - a.confidence
    )
  candidates.slice(options.maxComments).forEach((finding) => {
    finding.disposition = 'summary'
    finding.reason = `over max-comments (${options.maxComments})`
  })
  return { published: merged, invalid }
}

/** Head-side rows of each file: line → text. */
function rightRows(
  files: readonly ChangedFile[]
): Map<string, Map<number, { text: string; added: boolean }>> {
  const map = new Map<string, Map<number, { text: string; added: boolean }>>()
  for (const file of files) {
    const lines = new Map<number, { text: string; added: boolean }>()
    for (const hunk of file.hunks) {
      for (const row of hunk.lines) {
        if (row.newLine !== undefined)
          lines.set(row.newLine, { text: row.text, added: row.kind === 'add' })
      }
    }
    map.set(file.path, lines)
  }
  return map
}

function anchor(
  finding: ValidFinding,
  index: CommentableLines,
  rows: Map<number, { text: string; added: boolean }> | undefined
): PublishedFinding {
  const end = finding.end_line ?? finding.line
  const start = finding.end_line !== undefined ? finding.line : undefined
  const base = { ...finding, areas: [finding.area], suggestionApplies: false }
  const code = (from: number, to: number): string => {
    const parts: string[] = []
    for (let n = from; n <= to; n++) parts.push(rows?.get(n)?.text ?? '')
    return parts.join('\n')
  }
  const inline = (
    a: Anchor,
    reason?: string,
    suggestionApplies = false
  ): PublishedFinding => ({
    ...base,
    anchor: a,
    disposition: 'inline',
    reason,
    suggestionApplies: suggestionApplies && finding.suggestion !== undefined,
    fingerprint: fingerprint(
      finding.path,
      finding.title,
      code(a.startLine ?? a.line, a.line)
    )
  })

  if (index.canComment(finding.path, 'RIGHT', end, start)) {
    return inline({ line: end, startLine: start }, undefined, true)
  }
  const moved = reanchor(finding, index, rows)
  if (moved)
    return inline(
      moved,
      `moved from line ${finding.line} to where its evidence is`
    )
  if (
    start !== undefined &&
    index.canComment(finding.path, 'RIGHT', finding.line)
  ) {
    return inline(
      { line: finding.line },
      `range ${finding.line}-${end} crosses the diff; anchored on its first line`
    )
  }
  return {
    ...base,
    disposition: 'summary',
    reason: 'outside the diff',
    fingerprint: fingerprint(
      finding.path,
      finding.title,
      finding.evidence ?? ''
    )
  }
}

/** Finds the evidence among the diff's head rows nearest the reported line. */
function reanchor(
  finding: ValidFinding,
  index: CommentableLines,
  rows: Map<number, { text: string; added: boolean }> | undefined
): Anchor | undefined {
  if (!finding.evidence || !rows) return undefined
  const wanted = finding.evidence
    .split('\n')
    .map(normalizeCode)
    .filter((line) => line !== '')
  if (wanted.length === 0) return undefined
  let best: { line: number; distance: number; added: boolean } | undefined
  for (const [line, row] of rows) {
    const distance = Math.abs(line - finding.line)
    if (distance > REANCHOR_WINDOW || normalizeCode(row.text) !== wanted[0])
      continue
    const better =
      !best ||
      distance < best.distance ||
      (distance === best.distance && row.added && !best.added)
    if (better) best = { line, distance, added: row.added }
  }
  if (!best) return undefined
  // Extend over the following evidence lines while they match and stay in the hunk.
  let last = best.line
  for (let k = 1; k < wanted.length; k++) {
    const next = rows.get(best.line + k)
    if (!next || normalizeCode(next.text) !== wanted[k]) break
    if (!index.canComment(finding.path, 'RIGHT', best.line + k, best.line))
      break
    last = best.line + k
  }
  return last > best.line
    ? { line: last, startLine: best.line }
    : { line: best.line }
}

/**
 * Merges findings about the same place and the same problem, whichever
 * area or unit raised them: the most severe wording is kept and every area
 * is named.
 */
function deduplicate(findings: PublishedFinding[]): PublishedFinding[] {
  const rank = (s: Severity): number => SEVERITIES.indexOf(s)
  const ordered = [...findings].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || b.confidence - a.confidence
  )
  const kept: PublishedFinding[] = []
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
    twin.confidence = Math.max(twin.confidence, finding.confidence)
  }
  return kept
}

function span(f: PublishedFinding): [number, number] {
  if (f.anchor) return [f.anchor.startLine ?? f.anchor.line, f.anchor.line]
  return [f.line, f.end_line ?? f.line]
}

function samePlace(a: PublishedFinding, b: PublishedFinding): boolean {
  if (a.path !== b.path) return false
  const [a1, a2] = span(a)
  const [b1, b2] = span(b)
  return a1 <= b2 && b1 <= a2
}

function sameProblem(a: PublishedFinding, b: PublishedFinding): boolean {
  if (a.fingerprint === b.fingerprint) return true
  const words = (t: string): Set<string> =>
    new Set(
      normalizeTitle(t)
        .split(' ')
        .filter((w) => w.length > 2)
    )
  const wa = words(a.title)
  const wb = words(b.title)
  const shared = [...wa].filter((w) => wb.has(w)).length
  return shared / Math.max(1, Math.min(wa.size, wb.size)) >= 0.6
}
