import { unlessCode } from '../errors.js'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fetchCommit } from '../git/fetch-commit.js'
import type { PullRequest } from '../pull-request/pull-request.js'
import { openGitFiles } from '../repository/git-files.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import { createApiFiles } from './api-files.js'
import type { GitHubClient } from './octokit.js'

/**
 * The repository at `commit`: git objects of the checkout when it has the
 * commit (whatever it has checked out), else the contents API. For the
 * review's tools (`forTools`), a commit the checkout lacks is fetched into
 * it first (actions/checkout's default holds only the merge commit), and
 * falling back to the API — which can Read but not Grep or Glob — is
 * warned about; reading a few config files goes to the API quietly.
 */
export async function openRepositoryView(
  workspace: string | undefined,
  octokit: GitHubClient,
  pullRequest: PullRequest,
  commit: string,
  forTools?: { warn(message: string): void }
): Promise<RepositoryFiles> {
  const api = (why: string): RepositoryFiles => {
    forTools?.warn(
      `${why}, so the model reads files through the contents API: Read works, Grep and Glob do not. Check out the repository before this step (actions/checkout) with a token that can fetch the pull request's head.`
    )
    return createApiFiles(octokit, pullRequest.owner, pullRequest.repo, commit)
  }
  if (!workspace || !(await isGitCheckout(workspace)))
    return api('There is no git checkout in the workspace')
  const local = await openGitFiles(workspace, commit)
  if (local) return local
  if (!forTools) return api('')
  const failure = await fetchCommit(workspace, commit)
  const fetched = failure ? undefined : await openGitFiles(workspace, commit)
  return (
    fetched ??
    api(
      `The checkout lacks the head commit ${commit.slice(0, 12)} and fetching it failed (${failure ?? 'not found after the fetch'})`
    )
  )
}

/** The checkout's git objects at `commit` when it has them, without fetching or the API. */
export async function openLocalView(
  workspace: string | undefined,
  commit: string
): Promise<RepositoryFiles | undefined> {
  return workspace ? openGitFiles(workspace, commit) : undefined
}

async function isGitCheckout(workspace: string): Promise<boolean> {
  try {
    await stat(join(workspace, '.git'))
    return true
  } catch {
    return false
  }
}

/** A small text file of a repository view; undefined when absent, a link or unreadable. */
export async function readTextFile(
  files: RepositoryFiles,
  path: string
): Promise<string | undefined> {
  try {
    const entry = await files.stat(path)
    if (!entry || entry.symlink) return undefined
    return (await files.read(path, 1024 * 1024)).toString('utf8')
  } catch {
    return undefined
  }
}

/** A text file of the checkout, or undefined when there is no checkout or no such file. */
export async function readWorkspaceText(
  workspace: string | undefined,
  path: string
): Promise<string | undefined> {
  if (!workspace) return undefined
  return readFile(join(workspace, path), 'utf8').catch(
    unlessCode('ENOENT', undefined)
  )
}
