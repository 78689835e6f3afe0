/** GitHub's DiffEntry status values, which the git-diff parser also produces. */
export type FileStatus =
  | 'added'
  | 'removed'
  | 'modified'
  | 'renamed'
  | 'copied'
  | 'changed'
  | 'unchanged'

/** The side of a diff a review comment attaches to, as GitHub names it. */
export type Side = 'LEFT' | 'RIGHT'

/** One row of a hunk. */
export interface DiffLine {
  kind: 'add' | 'del' | 'context'
  /** The line's text without its diff prefix and without a trailing CR. */
  text: string
  /** Line number in the base file (deleted and context lines). */
  oldLine?: number
  /** Line number in the head file (added and context lines). */
  newLine?: number
  /** The line had a CR before its LF (a CRLF file). */
  crlf?: true
  /** Followed by `\ No newline at end of file`. */
  noNewlineAtEnd?: true
}

/** A `@@ -a,b +c,d @@` block. */
export interface Hunk {
  oldStart: number
  oldLines: number
  newStart: number
  newLines: number
  /** Text after the closing `@@`: git's guess at the enclosing function. */
  section: string
  lines: DiffLine[]
}

/** One file of a pull request or a local diff. */
export interface ChangedFile {
  /** Path in the head commit (for removed files: the path that was removed). */
  path: string
  /** Path in the base commit, for renamed and copied files. */
  previousPath?: string
  status: FileStatus
  additions: number
  deletions: number
  /** Git reported binary content: there is no text diff. */
  binary: boolean
  /** The host did not send a patch although the file is text (too large). */
  patchMissing: boolean
  oldMode?: string
  newMode?: string
  hunks: Hunk[]
}
