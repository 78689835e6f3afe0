import * as core from '@actions/core'
import { defaults, getOctokitOptions } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { Octokit } from '@octokit/rest'

/** Statuses that retrying cannot fix (plugin-retry's list, kept explicit). */
export const DO_NOT_RETRY_STATUSES = [400, 401, 403, 404, 410, 422, 451]

/** Rate-limit waits we accept before giving up, in seconds. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 120

const ReviewOctokit = Octokit.plugin(retry, throttling)

/** The REST client: @octokit/rest with retries and GitHub's throttling rules. */
export type GitHubClient = InstanceType<typeof ReviewOctokit>

/**
 * Builds the REST client for `baseUrl` (GitHub Enterprise Server sets its
 * own), through the runner's proxy settings, with retry and throttling.
 */
export function createOctokit(token: string, baseUrl: string): GitHubClient {
  return new ReviewOctokit(
    getOctokitOptions(token, {
      ...defaults,
      baseUrl,
      userAgent: 'architect-review',
      // Failed requests are thrown and handled where they happen; the log keeps the details at debug.
      log: {
        debug: core.debug,
        info: core.debug,
        warn: core.debug,
        error: core.debug
      },
      retry: { doNotRetry: DO_NOT_RETRY_STATUSES },
      throttle: {
        onRateLimit: (retryAfter, options, _octokit, retryCount) => {
          core.warning(
            `GitHub rate limit hit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s.`
          )
          return retryCount < 2 && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS
        },
        onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
          core.warning(
            `GitHub secondary rate limit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s.`
          )
          return retryCount < 2 && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS
        }
      }
    })
  )
}
