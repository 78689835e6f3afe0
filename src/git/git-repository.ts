import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { ConfigurationError } from '../errors.js'

const run = promisify(execFile)

/** The local git operations the CLI needs. Tests use real repositories. */
export interface GitRepository {
  /** The top folder of the working tree. */
  readonly root: string
  /** Subjects and bodies of the commits in base..head, newest first. */
  commitMessages(base: string, head: string): Promise<string>
  /** The full SHA of `ref`; a ConfigurationError when it does not exist. */
  resolve(ref: string): Promise<string>
  /** The default branch's ref to compare against (<remote>/HEAD, <remote>/main, <remote>/master, main, master). */
  defaultBase(remote?: string): Promise<string>
  mergeBase(a: string, b: string): Promise<string>
  /** `git diff` of base..head with renames, as text. */
  diff(base: string, head: string): Promise<string>
  /** A file's text at a commit, or undefined when it is absent. */
  show(commit: string, path: string): Promise<string | undefined>
  /** A path inside the git directory (`git rev-parse --git-path`), absolute. */
  gitPath(name: string): Promise<string>
  /** `a` is `b` or one of its ancestors; false when either is unknown. */
  isAncestor(a: string, b: string): Promise<boolean>
  /** `head` and its ancestors, nearest first, at most `max` of them. */
  ancestors(head: string, max: number): Promise<string[]>
  /** Paths changed between two commits (both names of a rename). */
  changedPaths(a: string, b: string): Promise<string[]>
  /** A git config value, or undefined when it is not set. */
  config(key: string): Promise<string | undefined>
}

/**
 * The `git diff` the CLI parses, the same under any user or repository
 * config: three context lines (diff.context), whole-tree paths
 * (diff.relative), fixed a/ b/ prefixes (diff.noprefix, mnemonicPrefix),
 * no colour, external diff or textconv driver, renames found with git's
 * default limit (diff.renames, diff.renameLimit), the default algorithm and
 * hunk joining (diff.algorithm, diff.interHunkContext), a space before
 * empty context rows (diff.suppressBlankEmpty), path order (diff.orderFile),
 * submodules as commit lines (diff.submodule), unquoted UTF-8 paths.
 */
export function gitDiffArgs(base: string, head: string): string[] {
  return [
    '-c',
    'core.quotepath=false',
    '-c',
    'diff.suppressBlankEmpty=false',
    '-c',
    'diff.noprefix=false',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--no-relative',
    '--unified=3',
    '--inter-hunk-context=0',
    '--diff-algorithm=myers',
    '--indent-heuristic',
    '--find-renames',
    '--no-find-copies',
    '-l1000',
    '-O/dev/null',
    '--submodule=short',
    '--ignore-submodules=none',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    base,
    head,
    '--'
  ]
}

/** Diffs for review can be large; git's output is buffered up to this. */
const MAX_OUTPUT_BYTES = 1024 * 1024 * 1024

/** Runs git in `cwd`; a user's pager or external diff tool must not change what we parse. */
function gitIn(cwd: string): (args: string[]) => Promise<string> {
  return async (args) => {
    const { stdout } = await run('git', args, {
      cwd,
      maxBuffer: MAX_OUTPUT_BYTES,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_PAGER: 'cat',
        GIT_EXTERNAL_DIFF: '',
        LC_ALL: 'C'
      }
    })
    return stdout
  }
}

/** Opens the repository containing `cwd`; a ConfigurationError when there is none. */
export async function openGitRepository(cwd: string): Promise<GitRepository> {
  const git = gitIn(cwd)
  try {
    return new LocalGitRepository(
      (await git(['rev-parse', '--show-toplevel'])).trim(),
      git
    )
  } catch {
    throw new ConfigurationError(`${cwd} is not inside a git repository.`)
  }
}

class LocalGitRepository implements GitRepository {
  constructor(
    readonly root: string,
    private readonly git: (args: string[]) => Promise<string>
  ) {}

  commitMessages(base: string, head: string): Promise<string> {
    return this.git(['log', '--format=%s%n%n%b', `${base}..${head}`])
  }

  async resolve(ref: string): Promise<string> {
    const sha = await this.commitOf(ref)
    if (sha) return sha
    throw new ConfigurationError(
      `Unknown git ref '${ref}'. Check the name with 'git rev-parse ${ref}'.`
    )
  }

  async defaultBase(remote = 'origin'): Promise<string> {
    try {
      const head = (
        await this.git([
          'symbolic-ref',
          '--quiet',
          `refs/remotes/${remote}/HEAD`
        ])
      ).trim()
      if (head) return head.replace(/^refs\/remotes\//, '')
    } catch {
      // No remote HEAD: fall back to the usual names.
    }
    const candidates = [`${remote}/main`, `${remote}/master`, 'main', 'master']
    for (const candidate of candidates)
      if (await this.commitOf(candidate)) return candidate
    throw new ConfigurationError(
      `Cannot find the default branch (${remote}/HEAD, ${candidates.join(', ')}).`
    )
  }

  async gitPath(name: string): Promise<string> {
    return (
      await this.git([
        'rev-parse',
        '--path-format=absolute',
        '--git-path',
        name
      ])
    ).trim()
  }

  async isAncestor(a: string, b: string): Promise<boolean> {
    try {
      await this.git(['merge-base', '--is-ancestor', a, b])
      return true
    } catch {
      return false
    }
  }

  async ancestors(head: string, max: number): Promise<string[]> {
    const out = await this.git(['rev-list', `--max-count=${max}`, head])
    return out.split('\n').filter(Boolean)
  }

  async config(key: string): Promise<string | undefined> {
    try {
      return (await this.git(['config', '--get', key])).trim() || undefined
    } catch {
      // git config exits 1 when the key is not set.
      return undefined
    }
  }

  async changedPaths(a: string, b: string): Promise<string[]> {
    const out = await this.git([
      '-c',
      'core.quotepath=false',
      'diff',
      '--name-status',
      '--no-renames',
      '--no-ext-diff',
      a,
      b,
      '--'
    ])
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(line.indexOf('\t') + 1))
  }

  async mergeBase(a: string, b: string): Promise<string> {
    try {
      return (await this.git(['merge-base', a, b])).trim()
    } catch {
      throw new ConfigurationError(`'${a}' and '${b}' share no history.`)
    }
  }

  diff(base: string, head: string): Promise<string> {
    return this.git(gitDiffArgs(base, head))
  }

  async show(commit: string, path: string): Promise<string | undefined> {
    try {
      return await this.git(['show', `${commit}:${path}`])
    } catch {
      return undefined
    }
  }

  /** The commit `ref` names, or undefined when it names none. */
  private async commitOf(ref: string): Promise<string | undefined> {
    try {
      return (
        await this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
      ).trim()
    } catch {
      return undefined
    }
  }
}
