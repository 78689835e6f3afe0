import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GitAttributes } from '../diff/git-attributes.js'
import type { PullRequest } from '../pull-request/pull-request.js'
import { openGitFiles } from '../repository/git-files.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import { createApiFiles } from './api-files.js'
import type { GitHubClient } from './octokit.js'

/**
 * The repository at `commit`: git objects of the checkout when it has the
 * commit (whatever it has checked out), else the contents API.
 */
export async function openRepositoryView(
  workspace: string | undefined,
  octokit: GitHubClient,
  pullRequest: PullRequest,
  commit: string
): Promise<RepositoryFiles> {
  const local = workspace ? await openGitFiles(workspace, commit) : undefined
  return (
    local ??
    createApiFiles(octokit, pullRequest.owner, pullRequest.repo, commit)
  )
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

/** The checkout's .gitattributes, for linguist-generated paths; none without a checkout. */
export async function readGitAttributes(
  workspace: string | undefined
): Promise<GitAttributes | undefined> {
  if (!workspace) return undefined
  try {
    return new GitAttributes(
      await readFile(join(workspace, '.gitattributes'), 'utf8')
    )
  } catch {
    return undefined
  }
}
