import { GENERATED_MARKERS } from './default-exclusions.js'
import type { ChangedFile } from './types.js'

/**
 * The first bytes of each changed file at the head commit, by path: what
 * the content checks read. Files without an entry are judged on the diff.
 */
export type FileHeads = ReadonlyMap<string, string>

/** How much of a file's start the content checks read. */
export const HEAD_BYTES = 4096
/** Generators put their marker above the code; a later mention is prose about it. */
const MARKER_LINES = 10
/** Minified: lines this long on average (linguist's threshold)… */
const MINIFIED_AVERAGE_CHARS = 110
/** …with at least one this long. */
const MINIFIED_LONGEST_CHARS = 500
/** Prose is written in long lines and is never minified. */
const PROSE = /\.(md|mdx|markdown|txt|rst|adoc|asciidoc|org|tex)$/i

/** Why a file's content says it is not hand-written, if it does. */
export interface ContentVerdict {
  category: 'generated' | 'minified'
  reason: string
}

/**
 * Judges a file by its first lines: a generator's marker, or minified
 * content. `text` is the head blob's start (the base's, for a removed file).
 */
export function judgeContent(
  path: string,
  text: string,
  from: string
): ContentVerdict | undefined {
  const rows = text.split('\n')
  for (const [index, line] of rows.slice(0, MARKER_LINES).entries()) {
    const marker = GENERATED_MARKERS.find(({ pattern }) => pattern.test(line))
    if (marker)
      return {
        category: 'generated',
        reason: `generated: line ${index + 1} of ${from} carries the marker '${marker.label}'`
      }
  }
  if (PROSE.test(path)) return undefined
  // The last row may be cut at HEAD_BYTES; it still counts towards length.
  const longest = Math.max(...rows.map((row) => row.length))
  const average = text.length / rows.length
  if (longest < MINIFIED_LONGEST_CHARS || average <= MINIFIED_AVERAGE_CHARS)
    return undefined
  const shape =
    longest >= HEAD_BYTES - 1
      ? `a line runs past the first ${HEAD_BYTES} characters`
      : `lines average ${Math.round(average)} characters, the longest ${longest}`
  return { category: 'minified', reason: `minified: in ${from}, ${shape}` }
}

/**
 * A file's start as the diff shows it, when the head blob was not read:
 * a removed file's deleted rows, or the head rows of a first hunk at line 1.
 */
export function startFromDiff(
  file: ChangedFile
): { text: string; from: string } | undefined {
  const first = file.hunks[0]
  if (!first) return undefined
  if (file.status === 'removed')
    return {
      text: rowsText(first.lines.filter((row) => row.kind === 'del')),
      from: 'the removed file'
    }
  if (first.newStart > 1) return undefined
  return {
    text: rowsText(first.lines.filter((row) => row.kind !== 'del')),
    from: 'the diff'
  }
}

function rowsText(rows: ReadonlyArray<{ text: string }>): string {
  let text = ''
  for (const row of rows) {
    if (text.length >= HEAD_BYTES) break
    text += `${row.text}\n`
  }
  return text.slice(0, HEAD_BYTES)
}
