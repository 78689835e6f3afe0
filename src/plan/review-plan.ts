import type { SkippedFile } from '../diff/file-selection.js'
import type { ChangedFile, Hunk } from '../diff/types.js'
import {
  CHARS_PER_TOKEN,
  estimateFileTokens,
  estimateHunkTokens,
  renderedRowChars
} from './token-estimate.js'

/** A file, or a part of one, inside a review unit. */
export interface UnitFile {
  file: ChangedFile
  /** The hunks of the file this unit reviews (all of them unless split). */
  hunks: Hunk[]
  /** Set when a file too big for one unit was split at hunk boundaries. */
  part?: { index: number; count: number }
  /**
   * Set for a removed file too long to send whole: the review sees what was
   * removed (path, size, the symbols it defined, where they are still used),
   * not its text.
   */
  removal?: { lines: number }
  tokens: number
}

/** A removed file up to this many lines is shown whole; a longer one is summarised. */
export const REMOVED_WHOLE_LINES = 80
/** What a removal summary costs in the prompt, about. */
const REMOVAL_SUMMARY_TOKENS = 120

/** A batch of diff that one set of area passes reviews together. */
export interface ReviewUnit {
  id: string
  files: UnitFile[]
  tokens: number
}

export interface ReviewPlan {
  units: ReviewUnit[]
  skipped: SkippedFile[]
  /** Files of the PR, reviewed or not. */
  totalFiles: number
  /** Files in at least one unit. */
  reviewedFiles: number
  /** Estimated diff tokens over all units. */
  diffTokens: number
  maxDiffTokens: number
}

/**
 * Packs reviewable files into units under `maxDiffTokens`. Files are taken
 * in path order so files of the same folder stay together; a file is kept
 * whole when it fits and split at hunk boundaries when it alone is too big
 * (a single oversized hunk is cut at line boundaries as a last resort).
 */
export function planReview(
  reviewable: readonly ChangedFile[],
  skipped: readonly SkippedFile[],
  maxDiffTokens: number
): ReviewPlan {
  const ordered = [...reviewable].sort((a, b) => comparePaths(a.path, b.path))
  const units: ReviewUnit[] = []
  let current: UnitFile[] = []
  let currentTokens = 0

  const close = (): void => {
    if (current.length === 0) return
    units.push({
      id: `unit-${units.length + 1}`,
      files: current,
      tokens: currentTokens
    })
    current = []
    currentTokens = 0
  }
  const add = (entry: UnitFile): void => {
    if (currentTokens + entry.tokens > maxDiffTokens) close()
    current.push(entry)
    currentTokens += entry.tokens
  }

  for (const file of ordered) {
    const removed = removedLines(file)
    if (removed > REMOVED_WHOLE_LINES) {
      add({
        file,
        hunks: [],
        removal: { lines: removed },
        tokens: estimateFileTokens(file, []) + REMOVAL_SUMMARY_TOKENS
      })
      continue
    }
    const tokens = estimateFileTokens(file)
    if (tokens <= maxDiffTokens) {
      add({ file, hunks: file.hunks, tokens })
      continue
    }
    const parts = splitFile(file, maxDiffTokens)
    parts.forEach((hunks, index) =>
      add({
        file,
        hunks,
        part: { index: index + 1, count: parts.length },
        tokens: estimateFileTokens(file, hunks)
      })
    )
  }
  close()

  return {
    units,
    skipped: [...skipped],
    totalFiles: reviewable.length + skipped.length,
    reviewedFiles: reviewable.length,
    diffTokens: units.reduce((sum, unit) => sum + unit.tokens, 0),
    maxDiffTokens
  }
}

function removedLines(file: ChangedFile): number {
  if (file.status !== 'removed') return 0
  return file.hunks.reduce(
    (sum, hunk) => sum + hunk.lines.filter((r) => r.kind === 'del').length,
    0
  )
}

/** Groups a file's hunks into parts that each fit the budget. */
function splitFile(file: ChangedFile, budget: number): Hunk[][] {
  const headerTokens = estimateFileTokens(file, [])
  const room = Math.max(1, budget - headerTokens)
  const parts: Hunk[][] = []
  let part: Hunk[] = []
  let partTokens = 0
  for (const whole of file.hunks) {
    for (const hunk of fitHunk(whole, room)) {
      const tokens = estimateHunkTokens([hunk])
      if (part.length > 0 && partTokens + tokens > room) {
        parts.push(part)
        part = []
        partTokens = 0
      }
      part.push(hunk)
      partTokens += tokens
    }
  }
  if (part.length > 0) parts.push(part)
  return parts
}

/** Cuts one hunk into consecutive pieces under `room` tokens, keeping line numbers. */
function fitHunk(hunk: Hunk, room: number): Hunk[] {
  if (estimateHunkTokens([hunk]) <= room) return [hunk]
  const roomChars = room * CHARS_PER_TOKEN
  const pieces: Hunk[] = []
  let oldNext = hunk.oldStart
  let newNext = hunk.newStart
  let piece: Hunk | undefined
  let chars = 0
  for (const row of hunk.lines) {
    const rowChars = renderedRowChars(row)
    if (!piece || (piece.lines.length > 0 && chars + rowChars > roomChars)) {
      piece = {
        oldStart: oldNext,
        oldLines: 0,
        newStart: newNext,
        newLines: 0,
        section: hunk.section,
        lines: []
      }
      pieces.push(piece)
      chars = 0
    }
    piece.lines.push(row)
    chars += rowChars
    if (row.oldLine !== undefined) {
      piece.oldLines++
      oldNext = row.oldLine + 1
    }
    if (row.newLine !== undefined) {
      piece.newLines++
      newNext = row.newLine + 1
    }
  }
  return pieces
}

/** Orders by folder first, so a folder's files are adjacent. */
function comparePaths(a: string, b: string): number {
  const dirA = a.slice(0, a.lastIndexOf('/') + 1)
  const dirB = b.slice(0, b.lastIndexOf('/') + 1)
  if (dirA !== dirB) return dirA < dirB ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}
