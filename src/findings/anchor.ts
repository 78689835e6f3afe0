import type { CommentableLines } from '../diff/commentable-lines.js'
import type { ChangedFile } from '../diff/types.js'
import type { ValidFinding } from './finding.js'
import { fingerprint, normalizeCode } from './fingerprint.js'

/** Where an inline comment goes: head-side lines. */
export interface Anchor {
  line: number
  startLine?: number
}

/** Lines of evidence matched against the diff at most this far from the reported line. */
export const REANCHOR_WINDOW = 40

/** Head-side lines of one file: line → text, and whether it was added. */
export type HeadRows = Map<number, { text: string; added: boolean }>

/** The head-side rows of every file's hunks, by path. */
export function headRows(files: readonly ChangedFile[]): Map<string, HeadRows> {
  const map = new Map<string, HeadRows>()
  for (const file of files) {
    const lines: HeadRows = new Map()
    for (const hunk of file.hunks)
      for (const row of hunk.lines)
        if (row.newLine !== undefined)
          lines.set(row.newLine, { text: row.text, added: row.kind === 'add' })
    map.set(file.path, lines)
  }
  return map
}

/** Where a finding sits, its identity, and whether its suggestion still fits. */
export interface Placed {
  anchor?: Anchor
  fingerprint: string
  suggestionApplies: boolean
  reason?: string
}

/**
 * Puts a finding where its code is. With `evidence`, the comment goes on the
 * diff line holding that code nearest the reported line — even when the
 * reported line is commentable, since models miscount lines. Without it (or
 * when the evidence is not in the diff), the reported line or range.
 */
export function anchorFinding(
  finding: ValidFinding,
  index: CommentableLines,
  rows: HeadRows | undefined
): Placed {
  const end = finding.end_line ?? finding.line
  const start = finding.end_line !== undefined ? finding.line : undefined
  const code = (from: number, to: number): string => {
    const parts: string[] = []
    for (let n = from; n <= to; n++) parts.push(rows?.get(n)?.text ?? '')
    return parts.join('\n')
  }
  const at = (a: Anchor, reason?: string, fits = false): Placed => ({
    anchor: a,
    reason,
    suggestionApplies: fits && finding.suggestion !== undefined,
    fingerprint: fingerprint(
      finding.path,
      finding.title,
      code(a.startLine ?? a.line, a.line)
    )
  })
  const reported = index.canComment(finding.path, 'RIGHT', end, start)
  const found = findEvidence(finding, index, rows)
  const first = found && (found.startLine ?? found.line)
  // Evidence inside a commentable reported range: the range stands.
  const inRange = first !== undefined && first >= (start ?? end) && first <= end
  if (found && !(reported && inRange))
    return at(found, `moved from line ${finding.line} to where its evidence is`)
  if (reported) return at({ line: end, startLine: start }, undefined, true)
  if (start !== undefined && index.canComment(finding.path, 'RIGHT', start))
    return at(
      { line: start },
      `range ${start}-${end} crosses the diff; anchored on its first line`
    )
  return {
    reason: 'outside the diff',
    suggestionApplies: false,
    fingerprint: fingerprint(
      finding.path,
      finding.title,
      finding.evidence ?? ''
    )
  }
}

/** The evidence among the diff's head rows nearest the reported line, added rows first on a tie. */
function findEvidence(
  finding: ValidFinding,
  index: CommentableLines,
  rows: HeadRows | undefined
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
    if (!index.canComment(finding.path, 'RIGHT', line)) continue
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
