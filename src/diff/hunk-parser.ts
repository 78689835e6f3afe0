import type { DiffLine, Hunk } from './types.js'

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/

/** Parses a `@@ -a,b +c,d @@ section` line; undefined when it is not one. */
export function parseHunkHeader(line: string): Hunk | undefined {
  const match = HUNK_HEADER.exec(line.replace(/\r$/, ''))
  if (!match) return undefined
  return {
    oldStart: Number(match[1]),
    // An omitted count means 1 (unified diff format).
    oldLines: match[2] === undefined ? 1 : Number(match[2]),
    newStart: Number(match[3]),
    newLines: match[4] === undefined ? 1 : Number(match[4]),
    section: match[5].replace(/\r$/, ''),
    lines: []
  }
}

/**
 * Feeds the rows of one hunk and numbers them. The hunk's counts, not the
 * next header, say where it ends: a `diff --git` or `--- ` row can only be
 * body text while the counts still expect rows.
 */
export class HunkBuilder {
  readonly hunk: Hunk
  private oldLine: number
  private newLine: number
  private oldLeft: number
  private newLeft: number

  constructor(hunk: Hunk) {
    this.hunk = hunk
    // A zero-length range names the line before the change (e.g. -0,0 for a new file).
    this.oldLine = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart
    this.newLine = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart
    this.oldLeft = hunk.oldLines
    this.newLeft = hunk.newLines
  }

  /** True while the header's counts still expect rows. */
  get expectsMore(): boolean {
    return this.oldLeft > 0 || this.newLeft > 0
  }

  /**
   * Takes one raw row. Returns false when the row is not part of this hunk
   * (the caller then reads it as a header or the next hunk).
   */
  accept(raw: string): boolean {
    if (raw.startsWith('\\')) {
      // `\ No newline at end of file` qualifies the row before it.
      const last = this.hunk.lines[this.hunk.lines.length - 1]
      if (!last) return false
      last.noNewlineAtEnd = true
      return true
    }
    if (!this.expectsMore) return false
    const marker = raw[0]
    let text = raw.slice(1)
    let crlf = false
    if (text.endsWith('\r')) {
      text = text.slice(0, -1)
      crlf = true
    }
    let line: DiffLine
    if (marker === '+' && this.newLeft > 0) {
      line = { kind: 'add', text, newLine: this.newLine++ }
      this.newLeft--
    } else if (marker === '-' && this.oldLeft > 0) {
      line = { kind: 'del', text, oldLine: this.oldLine++ }
      this.oldLeft--
    } else if (
      // Some tools strip the single space of an empty context row.
      (marker === ' ' || raw === '' || raw === '\r') &&
      this.oldLeft > 0 &&
      this.newLeft > 0
    ) {
      line = {
        kind: 'context',
        text,
        oldLine: this.oldLine++,
        newLine: this.newLine++
      }
      this.oldLeft--
      this.newLeft--
    } else {
      return false
    }
    if (crlf) line.crlf = true
    this.hunk.lines.push(line)
    return true
  }
}

/**
 * Parses the hunks of one file's patch as GitHub's REST API sends it in
 * `DiffEntry.patch`: hunks only, no `diff --git` or `---`/`+++` headers.
 */
export function parsePatch(patch: string): Hunk[] {
  const hunks: Hunk[] = []
  let builder: HunkBuilder | undefined
  for (const raw of splitLines(patch)) {
    if (builder?.accept(raw)) continue
    const header = parseHunkHeader(raw)
    if (header) {
      builder = new HunkBuilder(header)
      hunks.push(header)
    }
  }
  return hunks
}

/** Splits on LF, keeping CRs (they are stripped per row) and dropping the final empty piece. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n')
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}
