import { REVIEW_CONFIG_PATH } from '../vocabulary/review-config.js'
import { isRepositoryAgent, repositoryPath } from '../agents/agent-loader.js'
import type { ChangedFile } from '../diff/types.js'

/** Where the reviewer's own configuration (agent file, .gitattributes) is read from. */
export interface ConfigSource {
  fromBase: boolean
  /** Why, for the log and the summary. */
  reason?: string
}

/** Events that run with the base repository's secrets whatever the pull request's origin. */
const BASE_CONTEXT_EVENTS = [
  'pull_request_target',
  'issue_comment',
  'pull_request_review_comment'
]

/**
 * The reviewer is not the PR's to change. Under pull_request_target and
 * comment events (which run with the base repository's secrets), and whenever the PR modifies the
 * agent file or .gitattributes (which decides what counts as generated and
 * is skipped), they are read from the base commit instead of the head.
 */
export function configSource(
  eventName: string,
  files: readonly ChangedFile[],
  agent: string
): ConfigSource {
  if (BASE_CONTEXT_EVENTS.includes(eventName)) {
    return {
      fromBase: true,
      reason: `the workflow runs on ${eventName}, with the base repository's permissions`
    }
  }
  const guarded = [
    '.gitattributes',
    REVIEW_CONFIG_PATH,
    ...(isRepositoryAgent(agent) ? [repositoryPath(agent)] : [])
  ]
  const touched = guarded.filter((path) =>
    files.some((f) => f.path === path || f.previousPath === path)
  )
  if (touched.length > 0) {
    return {
      fromBase: true,
      reason: `the pull request changes ${touched.join(' and ')}`
    }
  }
  return { fromBase: false }
}
