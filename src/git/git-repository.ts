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
  /** The default branch's ref to compare against (origin/HEAD, main, master). */
  defaultBase(): Promise<string>
  mergeBase(a: string, b: string): Promise<string>
  /** `git diff` of base..head with renames, as text. */
  diff(base: string, head: string): Promise<string>
  /** A file's text at a commit, or undefined when it is absent. */
  show(commit: string, path: string): Promise<string | undefined>
}

/**
 * The `git diff` the CLI parses: renames found, fixed a/ b/ prefixes and
 * unquoted UTF-8 paths whatever the user's config says.
 */
export function gitDiffArgs(base: string, head: string): string[] {
  return [
    '-c',
    'core.quotepath=false',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--find-renames',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    base,
    head
  ]
}

/** Diffs for review can be large; git's output is buffered up to this. */
const MAX_OUTPUT_BYTES = 1024 * 1024 * 1024

/** Opens the repository containing `cwd`; a ConfigurationError when there is none. */
export async function openGitRepository(cwd: string): Promise<GitRepository> {
  const git = async (args: string[]): Promise<string> => {
    const { stdout } = await run('git', args, {
      cwd,
      maxBuffer: MAX_OUTPUT_BYTES,
      encoding: 'utf8',
      // A user's pager or external diff tool must not change what we parse.
      env: {
        ...process.env,
        GIT_PAGER: 'cat',
        GIT_EXTERNAL_DIFF: '',
        LC_ALL: 'C'
      }
    })
    return stdout
  }
  let root: string
  try {
    root = (await git(['rev-parse', '--show-toplevel'])).trim()
  } catch {
    throw new ConfigurationError(
      `${cwd} is not inside a git repository. Run the CLI from a checkout, or pass --repo <path>.`
    )
  }

  const exists = async (ref: string): Promise<boolean> => {
    try {
      await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
      return true
    } catch {
      return false
    }
  }

  return {
    root,
    async commitMessages(base, head) {
      return git(['log', '--format=%s%n%n%b', `${base}..${head}`])
    },
    async resolve(ref) {
      try {
        return (
          await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
        ).trim()
      } catch {
        throw new ConfigurationError(
          `Unknown git ref '${ref}'. Check the name with 'git rev-parse ${ref}'.`
        )
      }
    },
    async defaultBase() {
      try {
        const head = (
          await git(['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'])
        ).trim()
        if (head) return head.replace(/^refs\/remotes\//, '')
      } catch {
        // No remote HEAD: fall back to the usual names.
      }
      for (const candidate of [
        'origin/main',
        'origin/master',
        'main',
        'master'
      ]) {
        if (await exists(candidate)) return candidate
      }
      throw new ConfigurationError(
        'Cannot find the default branch (origin/HEAD, main or master). Pass --base <ref>.'
      )
    },
    async mergeBase(a, b) {
      try {
        return (await git(['merge-base', a, b])).trim()
      } catch {
        throw new ConfigurationError(
          `'${a}' and '${b}' share no history. Pass --base <ref> explicitly.`
        )
      }
    },
    diff(base, head) {
      return git(gitDiffArgs(base, head))
    },
    async show(commit, path) {
      try {
        return await git(['show', `${commit}:${path}`])
      } catch {
        return undefined
      }
    }
  }
}
