import { createHash } from 'node:crypto'

/** Titles that differ only in case, punctuation or numbers name the same problem. */
export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/\d+/g, '#')
    .replace(/[^a-z#]+/g, ' ')
    .trim()
}

/** Code compared without its layout. */
export function normalizeCode(code: string): string {
  return code.replace(/\s+/g, ' ').trim()
}

/**
 * A finding's identity across runs: its file, its normalised title and the
 * code it points at — not its line number, so it survives lines moving.
 */
export function fingerprint(path: string, title: string, code: string): string {
  return createHash('sha256')
    .update(`${path}\0${normalizeTitle(title)}\0${normalizeCode(code)}`)
    .digest('hex')
    .slice(0, 16)
}
