import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { GitAttributes } from '../diff/git-attributes.js'
import { parseGitDiff } from '../diff/git-diff-parser.js'
import {
  parseIgnoreList,
  REVIEW_CONFIG_PATH,
  withIgnored
} from '../findings/ignore-list.js'
import { ConfigurationError, getErrorMessage } from '../errors.js'
import { parseLayers } from '../findings/declared-layers.js'
import { openGitRepository } from '../git/git-repository.js'
import type { GitRepository } from '../git/git-repository.js'
import { resolveReviewer } from '../front-end/reviewer.js'
import type { ReviewSettings } from '../settings.js'
import { FLAG_NAMES } from './cli-flags.js'
import type { CliFlags } from './cli-flags.js'

/** The local change <base>...<head>: its diff, .gitattributes and the reviewer. */
export type LocalChange = Awaited<ReturnType<typeof openLocalChange>>

/** Opens the change the flags name; errors say which flag to fix. */
export async function openLocalChange(
  flags: Pick<CliFlags, 'repo' | 'base' | 'head'> & { ignore?: string[] },
  settings: ReviewSettings
) {
  const repo = await openRepository(flags.repo)
  const headRef = flags.head ?? 'HEAD'
  const head = await about('--head', () => repo.resolve(headRef))
  const baseRef =
    flags.base ??
    (await about('', () => repo.defaultBase(), ' Pass --base <ref>.'))
  const baseCommit = await about('--base', () => repo.resolve(baseRef))
  const base = await about(
    '',
    () => repo.mergeBase(baseCommit, head),
    ` Pass a --base that ${headRef} branched from.`
  )
  const reviewer = await resolveReviewer(settings, {
    repositoryRoot: repo.root,
    names: FLAG_NAMES
  })
  const files = parseGitDiff(await repo.diff(base, head))
  // As the action does: a change that edits the ignore list does not use its own edit.
  const configFrom = files.some(
    (f) =>
      f.path === REVIEW_CONFIG_PATH || f.previousPath === REVIEW_CONFIG_PATH
  )
    ? base
    : head
  return {
    repo,
    head,
    base,
    reference: `${baseRef}...${headRef}`,
    files,
    ...(await reviewConfig(repo, configFrom, flags.ignore ?? [])),
    attributes: new GitAttributes(
      (await repo.show(head, '.gitattributes')) ?? ''
    ),
    ...reviewer
  }
}

/** The ignore list (with --ignore) and the declared layers, from one read of the configuration file. */
async function reviewConfig(
  repo: GitRepository,
  commit: string,
  ignore: readonly string[]
) {
  const text = await repo.show(commit, REVIEW_CONFIG_PATH)
  return {
    ignored: withIgnored(parseIgnoreList(text), ignore),
    layers: parseLayers(text)
  }
}

export async function openRepository(
  path: string | undefined
): Promise<GitRepository> {
  const dir = resolve(path ?? '.')
  if (path !== undefined && !isDirectory(dir))
    throw new ConfigurationError(
      `--repo ${path}: no such directory. Pass the path of a git checkout.`
    )
  try {
    return await openGitRepository(dir)
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error
    throw new ConfigurationError(
      path === undefined
        ? `The current directory (${dir}) is not inside a git repository. Run architect-review in a checkout, or pass --repo <path>.`
        : `--repo ${path} is not inside a git repository. Pass the path of a git checkout.`
    )
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Runs a git step; its configuration errors name the flag and the fix. */
async function about<T>(
  flag: string,
  step: () => Promise<T>,
  fix = ''
): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error
    const prefix = flag ? `${flag}: ` : ''
    throw new ConfigurationError(`${prefix}${getErrorMessage(error)}${fix}`, {
      cause: error
    })
  }
}
