/** The pull request under review, from the event payload or the API. */
export interface PullRequest {
  owner: string
  repo: string
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  merged: boolean
  draft: boolean
  headSha: string
  baseSha: string
  headRef: string
  baseRef: string
  /** `owner/repo` of the head branch; differs from the base for forks. */
  headRepository: string
  /** Head comes from another repository. */
  fromFork: boolean
  author: string
  /** Files GitHub counts as changed (it lists at most 3,000 of them). */
  changedFiles: number
  htmlUrl: string
}

/** `owner/repo#number`: how logs and prompts name a pull request, and what a run state is bound to. */
export function referenceOf(
  pullRequest: Pick<PullRequest, 'owner' | 'repo' | 'number'>
): string {
  return `${pullRequest.owner}/${pullRequest.repo}#${pullRequest.number}`
}

/** Webhook and REST share this shape for a pull request. */
export interface PullRequestPayload {
  number: number
  title?: string | null
  body?: string | null
  state?: string
  merged?: boolean | null
  draft?: boolean
  changed_files?: number
  html_url?: string
  user?: { login?: string } | null
  head: { sha: string; ref: string; repo?: { full_name?: string } | null }
  base: { sha: string; ref: string; repo?: { full_name?: string } | null }
}

/** Maps the webhook or REST pull-request object to ours. */
export function toPullRequest(
  owner: string,
  repo: string,
  payload: PullRequestPayload
): PullRequest {
  const baseRepository = payload.base.repo?.full_name ?? `${owner}/${repo}`
  // A deleted fork reports no head repo: treat it as a fork (untrusted).
  const headRepository = payload.head.repo?.full_name ?? ''
  return {
    owner,
    repo,
    number: payload.number,
    title: payload.title ?? '',
    body: payload.body ?? '',
    state: payload.state === 'closed' ? 'closed' : 'open',
    merged: payload.merged === true,
    draft: payload.draft === true,
    headSha: payload.head.sha,
    baseSha: payload.base.sha,
    headRef: payload.head.ref,
    baseRef: payload.base.ref,
    headRepository,
    fromFork: headRepository.toLowerCase() !== baseRepository.toLowerCase(),
    author: payload.user?.login ?? '',
    changedFiles: payload.changed_files ?? 0,
    htmlUrl: payload.html_url ?? ''
  }
}

/** What the prompt says about the pull request (all of it the PR's own, untrusted text). */
export function subjectOf(
  pullRequest: Pick<PullRequest, 'owner' | 'repo' | 'number' | 'title' | 'body'>
): { title: string; body: string; reference: string } {
  return {
    title: pullRequest.title,
    body: pullRequest.body,
    reference: referenceOf(pullRequest)
  }
}
