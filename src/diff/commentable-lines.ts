import type { ChangedFile, Side } from './types.js'

/** Where one file can carry review comments. */
interface FileLines {
  /** Per hunk, the contiguous head-file range its added and context rows cover. */
  rightRanges: Array<[start: number, end: number]>
  /** Per hunk, the base-file line numbers of its deleted rows, ascending. */
  leftLines: number[][]
}

/**
 * Says exactly which (path, side, line) GitHub accepts a review comment on:
 * added and context rows inside hunks on the RIGHT, deleted rows on the LEFT.
 * A multi-line comment must stay inside one hunk.
 */
export class CommentableLines {
  private readonly files = new Map<string, FileLines>()

  constructor(files: readonly ChangedFile[]) {
    for (const file of files) {
      const entry: FileLines = { rightRanges: [], leftLines: [] }
      for (const hunk of file.hunks) {
        // Head-side rows of a hunk are numbered without gaps; a zero-length
        // range stays empty yet keeps the ranges sorted for the binary search.
        const start = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart
        entry.rightRanges.push([start, start + hunk.newLines - 1])
        const deleted: number[] = []
        for (const row of hunk.lines) {
          if (row.kind === 'del' && row.oldLine !== undefined)
            deleted.push(row.oldLine)
        }
        entry.leftLines.push(deleted)
      }
      this.files.set(file.path, entry)
    }
  }

  /** The index of the hunk holding (path, side, line), or -1. */
  hunkOf(path: string, side: Side, line: number): number {
    const entry = this.files.get(path)
    if (!entry || !Number.isInteger(line) || line < 1) return -1
    if (side === 'RIGHT') {
      return findRange(entry.rightRanges, line)
    }
    return entry.leftLines.findIndex((lines) => binarySearch(lines, line))
  }

  /** True when GitHub accepts a comment on `line` (or on `startLine`..`line`). */
  canComment(
    path: string,
    side: Side,
    line: number,
    startLine?: number
  ): boolean {
    const hunk = this.hunkOf(path, side, line)
    if (hunk < 0) return false
    if (startLine === undefined || startLine === line) return true
    if (startLine > line) return false
    if (this.hunkOf(path, side, startLine) !== hunk) return false
    if (side === 'RIGHT') return true
    // On the LEFT every line of the range must be a deleted row.
    const lines = this.files.get(path)!.leftLines[hunk]
    for (let n = startLine; n <= line; n++)
      if (!binarySearch(lines, n)) return false
    return true
  }

  /** Paths this index knows. */
  has(path: string): boolean {
    return this.files.has(path)
  }
}

function findRange(ranges: Array<[number, number]>, line: number): number {
  let low = 0
  let high = ranges.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const [start, end] = ranges[mid]
    if (line < start) high = mid - 1
    else if (line > end) low = mid + 1
    else return mid
  }
  return -1
}

function binarySearch(values: number[], target: number): boolean {
  let low = 0
  let high = values.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    if (values[mid] === target) return true
    if (values[mid] < target) low = mid + 1
    else high = mid - 1
  }
  return false
}
