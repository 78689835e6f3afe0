import type { ChangedFile, DiffLine, Hunk } from '../diff/types.js'

/**
 * Claude's tokenizers average about 3.5 characters per token on source
 * code; without a local tokenizer we estimate from that (conservatively
 * rounding up) instead of calling count_tokens for every file.
 */
export const CHARS_PER_TOKEN = 3.5

/** Characters a rendered row costs beyond its text: the line number and marker. */
const ROW_OVERHEAD_CHARS = 9
const HUNK_HEADER_CHARS = 40
const FILE_HEADER_CHARS = 60

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN)
}

/** Tokens of hunks as the prompt renders them (one numbered row per line). */
export function estimateHunkTokens(hunks: readonly Hunk[]): number {
  let chars = 0
  for (const hunk of hunks) {
    chars += HUNK_HEADER_CHARS + hunk.section.length
    for (const row of hunk.lines) chars += renderedRowChars(row)
  }
  return Math.ceil(chars / CHARS_PER_TOKEN)
}

/** Tokens of a file's header and the given hunks of it. */
export function estimateFileTokens(
  file: ChangedFile,
  hunks: readonly Hunk[] = file.hunks
): number {
  const header =
    FILE_HEADER_CHARS + file.path.length + (file.previousPath?.length ?? 0)
  return Math.ceil(header / CHARS_PER_TOKEN) + estimateHunkTokens(hunks)
}

/** Characters one numbered row takes in the prompt. */
export function renderedRowChars(row: DiffLine): number {
  return row.text.length + ROW_OVERHEAD_CHARS
}
