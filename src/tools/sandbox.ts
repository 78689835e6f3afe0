import { isAbsolute, posix, relative } from 'node:path'
import {
  blockedPathMatcher,
  KEY_MATERIAL_PATTERN
} from '../text/secret-paths.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import { ToolError } from '../repository/repository-files.js'

const MAX_SYMLINK_HOPS = 8
/** Blocked files one search leaves out at most (each is an argument to git). */
const MAX_EXCLUDED_FILES = 10_000

/** Decides which repository paths a tool may touch. */
export class Sandbox {
  private readonly blocked: (path: string) => string | undefined
  private readonly blockedByView = new WeakMap<
    RepositoryFiles,
    Promise<readonly string[]>
  >()

  /**
   * @param workspace the checkout's absolute path; absolute tool paths must be inside it
   * @param extraBlocked globs added to the default blocked paths
   */
  constructor(
    private readonly workspace: string | undefined,
    extraBlocked: readonly string[] = []
  ) {
    this.blocked = blockedPathMatcher(extraBlocked)
  }

  /**
   * Turns a tool's path argument (repo-relative, or absolute inside the
   * workspace) into a normalised repo-relative path, or throws a ToolError.
   * '' stands for the repository root.
   */
  normalise(input: string): string {
    if (input.includes('\0')) throw new ToolError('Path contains a NUL byte.')
    let path = input.trim().replace(/\\/g, '/')
    if (isAbsolute(path)) {
      const rel = this.workspace ? relative(this.workspace, path) : '..'
      if (rel.startsWith('..') || isAbsolute(rel)) {
        throw new ToolError(
          `Access denied: ${input} is outside the repository.`
        )
      }
      path = rel.replace(/\\/g, '/')
    }
    const normalised = posix
      .normalize(path === '' ? '.' : path)
      .replace(/\/+$/, '')
    if (normalised === '..' || normalised.startsWith('../')) {
      throw new ToolError(`Access denied: ${input} is outside the repository.`)
    }
    const result = normalised === '.' ? '' : normalised.replace(/^\.\//, '')
    this.check(result, input)
    return result
  }

  /** Throws when `path` is in .git or matches a blocked pattern. */
  check(path: string, shownAs = path): void {
    if (
      path === '.git' ||
      path.startsWith('.git/') ||
      path.split('/').includes('.git')
    ) {
      throw new ToolError(`Access denied: ${shownAs} is inside .git.`)
    }
    const pattern = this.blocked(path)
    if (pattern !== undefined) {
      throw new ToolError(
        `Access denied: ${shownAs} may hold secrets (matches '${pattern}'); its content is never shown.`
      )
    }
  }

  /**
   * The files of `files` that may not be shown, for Grep to leave out of
   * the search: by name, and by key material in their content. Found once
   * per repository view: a tree has one answer.
   */
  blockedFiles(files: RepositoryFiles): Promise<readonly string[]> {
    let blocked = this.blockedByView.get(files)
    if (!blocked) {
      blocked = this.findBlocked(files)
      this.blockedByView.set(files, blocked)
    }
    return blocked
  }

  /** Files blocked by name, and files holding key material whatever their name (one search). */
  private async findBlocked(files: RepositoryFiles): Promise<string[]> {
    const byName = (await files.list()).filter((path) => !this.allows(path))
    const keys = await files.grep({
      pattern: KEY_MATERIAL_PATTERN,
      caseInsensitive: false,
      mode: 'files_with_matches',
      before: 0,
      after: 0,
      lineNumbers: false,
      exclude: byName
    })
    if (keys.truncated)
      throw new ToolError(
        `Grep is unavailable: the search for files holding keys did not finish (${keys.truncated}); use Read on the files you need.`
      )
    const blocked = [
      ...byName,
      ...keys.rows.flatMap((row) => (row.path ? [row.path] : []))
    ]
    if (blocked.length > MAX_EXCLUDED_FILES)
      throw new ToolError(
        `Grep is unavailable: ${blocked.length} files may hold secrets, too many to leave out of a search safely. Use Read on the files you need.`
      )
    return blocked
  }

  /** True when a path may be shown (used to filter Grep and Glob results). */
  allows(path: string): boolean {
    try {
      this.check(path)
      return true
    } catch {
      return false
    }
  }

  /**
   * Follows symbolic links inside the repository; a link that leaves it,
   * or lands on a blocked file, is refused.
   */
  async resolve(
    files: RepositoryFiles,
    path: string,
    shownAs: string
  ): Promise<string> {
    let current = path
    for (let hop = 0; hop <= MAX_SYMLINK_HOPS; hop++) {
      const entry = await files.stat(current)
      if (!entry?.symlink) return current
      const target = await files.readLink(current)
      if (isAbsolute(target)) {
        throw new ToolError(
          `Access denied: ${shownAs} is a symbolic link out of the repository.`
        )
      }
      const next = posix.normalize(posix.join(posix.dirname(current), target))
      if (next === '..' || next.startsWith('../')) {
        throw new ToolError(
          `Access denied: ${shownAs} is a symbolic link out of the repository.`
        )
      }
      this.check(next, `${shownAs} (a link to ${next})`)
      current = next
    }
    throw new ToolError(`${shownAs}: too many levels of symbolic links.`)
  }
}
