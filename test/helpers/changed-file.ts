/** A modified file whose hunks come from a GitHub-style patch. */
import { parsePatch } from '../../src/diff/hunk-parser.js'
import type { ChangedFile } from '../../src/diff/types.js'

export function changedFile(
  path: string,
  patch: string,
  extra: Partial<ChangedFile> = {}
): ChangedFile {
  return {
    path,
    status: 'modified',
    additions: 0,
    deletions: 0,
    binary: false,
    patchMissing: false,
    hunks: parsePatch(patch),
    ...extra
  }
}
