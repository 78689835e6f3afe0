import type { ChangedFile } from '../diff/types.js'
import type { PullRequest } from './pull-request.js'

/** Reads pull requests from the host. Tests hand in fakes or a local server. */
export interface PullRequestSource {
  getPullRequest(
    owner: string,
    repo: string,
    number: number
  ): Promise<PullRequest>
  listFiles(owner: string, repo: string, number: number): Promise<ChangedFile[]>
}
