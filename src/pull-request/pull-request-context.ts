import { ConfigurationError } from '../errors.js'
import type { PullRequestSource } from './pull-request-source.js'
import type { ReviewSettings } from '../settings.js'
import { toPullRequest } from './pull-request.js'
import type { PullRequest, PullRequestPayload } from './pull-request.js'

/** Events whose payload carries the pull request. */
export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target']

/** Either the pull request to review, or why this run reviews nothing. */
export type ReviewTarget =
  | { kind: 'review'; pullRequest: PullRequest }
  | { kind: 'skip'; reason: string }

/**
 * Finds the pull request of this run: from the payload for pull_request
 * events, through the API for `pr-number` (workflow_dispatch and others).
 * Closed and (unless `review-drafts`) draft PRs are skipped with a reason.
 */
export async function resolveReviewTarget(
  event: {
    name: string
    payload: Record<string, unknown>
    /** Why the event file could not be read, if it could not. */
    payloadProblem?: string
    owner: string
    repo: string
  },
  settings: Pick<ReviewSettings, 'prNumber' | 'reviewDrafts'>,
  source: PullRequestSource
): Promise<ReviewTarget> {
  let pullRequest: PullRequest
  if (settings.prNumber !== undefined) {
    pullRequest = await source.getPullRequest(
      event.owner,
      event.repo,
      settings.prNumber
    )
  } else if (PULL_REQUEST_EVENTS.includes(event.name)) {
    const payload = event.payload.pull_request as PullRequestPayload | undefined
    if (!payload?.head?.sha) {
      throw new ConfigurationError(
        `The ${event.name} event has no pull request to review: ${event.payloadProblem ?? 'its event file has no pull_request object'}. On GitHub the runner writes this file; for a local run set GITHUB_EVENT_PATH to a ${event.name} event's JSON, or set pr-number to review a pull request by its number.`
      )
    }
    pullRequest = toPullRequest(event.owner, event.repo, payload)
  } else if (event.name === 'workflow_dispatch') {
    throw new ConfigurationError(
      "Input 'pr-number' is required on workflow_dispatch runs: add a `pr-number` input to the workflow's `on.workflow_dispatch.inputs` and pass it as `pr-number: ${{ inputs.pr-number }}`."
    )
  } else {
    return {
      kind: 'skip',
      reason: `architect-review reviews pull requests; the '${event.name || 'unknown'}' event has none. Run it on pull_request or pull_request_target, on PR comments (issue_comment, pull_request_review_comment), or on workflow_dispatch with 'pr-number'.`
    }
  }

  if (pullRequest.state === 'closed') {
    return {
      kind: 'skip',
      reason: `Pull request #${pullRequest.number} is ${pullRequest.merged ? 'merged' : 'closed'}; nothing to review.`
    }
  }
  if (pullRequest.draft && !settings.reviewDrafts) {
    return {
      kind: 'skip',
      reason: `Pull request #${pullRequest.number} is a draft; set 'review-drafts: true' to review drafts.`
    }
  }
  return { kind: 'review', pullRequest }
}
