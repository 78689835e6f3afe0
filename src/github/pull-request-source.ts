import { parsePatch } from '../diff/hunk-parser.js'
import { ConfigurationError } from '../errors.js'
import type { ChangedFile, FileStatus } from '../diff/types.js'
import { toPullRequest } from '../pull-request/pull-request.js'
import type { PullRequestPayload } from '../pull-request/pull-request.js'
import type { PullRequestSource } from '../pull-request/pull-request-source.js'
import type { GitHubClient } from './octokit.js'

/** GitHub's list-files endpoint stops at this many files. */
export const GITHUB_FILE_LIST_LIMIT = 3_000

/** The REST implementation. */
export function createPullRequestSource(
  octokit: GitHubClient
): PullRequestSource {
  return {
    async getPullRequest(owner, repo, number) {
      try {
        const { data } = await octokit.rest.pulls.get({
          owner,
          repo,
          pull_number: number
        })
        return toPullRequest(owner, repo, data as PullRequestPayload)
      } catch (error) {
        if ((error as { status?: number }).status === 404) {
          throw new ConfigurationError(
            `Pull request #${number} was not found in ${owner}/${repo} (or the token cannot read it). Check 'pr-number' and that the token has 'pull-requests: read'.`,
            { cause: error }
          )
        }
        throw error
      }
    },
    async listFiles(owner, repo, number) {
      const entries = await octokit.paginate(octokit.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: number,
        per_page: 100
      })
      return entries.map(toChangedFile)
    }
  }
}

/** A REST DiffEntry, as far as we read it. */
export interface DiffEntry {
  filename: string
  previous_filename?: string
  status: string
  additions: number
  deletions: number
  changes: number
  patch?: string
}

/**
 * GitHub leaves `patch` out for binary files and for text diffs it deems
 * too large; the line counts tell the two apart.
 */
export function toChangedFile(entry: DiffEntry): ChangedFile {
  const hasPatch = typeof entry.patch === 'string' && entry.patch !== ''
  const textChanged = entry.additions + entry.deletions > 0
  return {
    path: entry.filename,
    previousPath: entry.previous_filename,
    status: entry.status as FileStatus,
    additions: entry.additions,
    deletions: entry.deletions,
    binary:
      !hasPatch &&
      !textChanged &&
      !['renamed', 'copied', 'changed', 'unchanged'].includes(entry.status),
    patchMissing: !hasPatch && textChanged,
    hunks: hasPatch ? parsePatch(entry.patch!) : []
  }
}
