/** A file entry at the reviewed commit. */
export interface FileEntry {
  path: string
  size: number
  /** A symbolic link; `read` follows it. */
  symlink: boolean
  /** The blob's id, where the view knows it: equal ids, equal bytes. */
  oid?: string
}

/** What a Grep asks of a repository view. */
export interface GrepQuery {
  /** A Perl-compatible regex (the dialect of ripgrep and Claude Code's Grep). */
  pattern: string
  caseInsensitive: boolean
  /** Limit to this folder or file (repo-relative); undefined: everything. */
  path?: string
  mode: 'content' | 'files_with_matches' | 'count'
  before: number
  after: number
  lineNumbers: boolean
  /**
   * Files never searched (those that may hold secrets). Left out of the
   * search itself, so no output row has to be traced back to its file.
   */
  exclude?: readonly string[]
}

/** Output rows of a grep: `path:line:text` / `path-line-text` / `--` / `path:count` / `path`. */
export interface GrepOutput {
  rows: Array<{ path?: string; text: string }>
  /** The search stopped early (time or output cap). */
  truncated?: string
}

/** Thrown for a problem the model should be told about (becomes an is_error result). */
export class ToolError extends Error {
  override name = 'ToolError'
}

/**
 * The repository as the reviewer sees it: files at the PR's head commit,
 * read-only. Paths are repo-relative and already checked by the sandbox.
 */
export interface RepositoryFiles {
  /** Says where files come from, for logs and the summary. */
  readonly origin: string
  /** Grep and Glob need a local clone; without one they are unavailable. */
  readonly canSearch: boolean
  /** The entry at `path`, or undefined. Directories are not entries. */
  stat(path: string): Promise<FileEntry | undefined>
  /** Whether `path` is a folder at the commit. */
  isDirectory(path: string): Promise<boolean>
  /** Reads up to `maxBytes` of a file (not following symlinks). */
  read(path: string, maxBytes: number): Promise<Buffer>
  /** Every file path at the commit, sorted. */
  list(): Promise<string[]>
  /**
   * The first `maxBytes` of many files at once (regular files only; absent
   * paths and links are left out). Only views that read them cheaply have it.
   */
  readStarts?(
    paths: readonly string[],
    maxBytes: number
  ): Promise<Map<string, Buffer>>
  grep(query: GrepQuery): Promise<GrepOutput>
  /** The target of a symbolic link, as stored. */
  readLink(path: string): Promise<string>
}

/** What Grep and Glob answer when the job has no checkout to search. */
export const SEARCH_UNAVAILABLE =
  'Grep and Glob need a checkout of the repository (add actions/checkout before this step); use Read with paths from the diff instead.'
