import { defaults, getOctokitOptions } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { Octokit } from '@octokit/rest'
import Bottleneck from 'bottleneck/light.js'
import { SILENT } from '../logging.js'
import type { Logger } from '../logging.js'

/** Statuses that retrying cannot fix (plugin-retry's list, kept explicit). */
export const DO_NOT_RETRY_STATUSES = [400, 401, 403, 404, 410, 422, 451]

/** Rate-limit waits we accept before giving up, in seconds. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 120

const ReviewOctokit = Octokit.plugin(retry, throttling)

/** The REST client: @octokit/rest with retries and GitHub's throttling rules. */
export type GitHubClient = InstanceType<typeof ReviewOctokit>

/** plugin-throttling's spacing of writes and of writes that notify, in ms. */
const WRITE_INTERVAL_MS = 1_000
const NOTIFICATION_INTERVAL_MS = 3_000
/** plugin-retry's and plugin-throttling's unit of retry-after and back-off. */
const RETRY_UNIT_MS = 1_000

/**
 * The throttling and retry waits scaled by `request-pacing` (1: the
 * plugins' own, which follow GitHub's guidance).
 */
function pacedWaits(pacing: number) {
  const retryAfterBaseValue = RETRY_UNIT_MS * pacing
  if (pacing === 1) return { retryAfterBaseValue }
  const group = (id: string, minTime: number): Bottleneck.Group =>
    new Bottleneck.Group({ id, maxConcurrent: 1, minTime, timeout: 120_000 })
  return {
    retryAfterBaseValue,
    write: group('architect-review-write', WRITE_INTERVAL_MS * pacing),
    notifications: group(
      'architect-review-notifications',
      NOTIFICATION_INTERVAL_MS * pacing
    )
  }
}

/**
 * Builds the REST client for `baseUrl` (GitHub Enterprise Server sets its
 * own), through the runner's proxy settings, with retry and throttling
 * paced by `pacing` (`request-pacing`).
 */
export function createOctokit(
  token: string,
  baseUrl: string,
  pacing = 1,
  logger: Logger = SILENT
): GitHubClient {
  const waits = pacedWaits(pacing)
  const debugLog = (message: string): void => logger.debug(message)
  const octokit = new ReviewOctokit(
    getOctokitOptions(token, {
      ...defaults,
      baseUrl,
      userAgent: 'architect-review',
      // Failed requests are thrown and handled where they happen; the
      // details are logged only when the run has debug logging on.
      log: { debug: debugLog, info: debugLog, warn: debugLog, error: debugLog },
      retry: {
        doNotRetry: DO_NOT_RETRY_STATUSES,
        retryAfterBaseValue: waits.retryAfterBaseValue
      },
      throttle: {
        ...waits,
        onRateLimit: (retryAfter, options, _octokit, retryCount) => {
          logger.warning(
            `GitHub rate limit hit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s.`
          )
          return retryCount < 2 && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS
        },
        onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
          logger.warning(
            `GitHub secondary rate limit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s.`
          )
          return retryCount < 2 && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS
        }
      }
    })
  )
  octokit.hook.after('request', (response, options) =>
    expectJson(response, options, baseUrl)
  )
  return octokit
}

/** Media types whose answers are text, not JSON. */
const TEXT_FORMATS = /raw|diff|patch|html|text/i

/**
 * An answer that should be JSON but is a page (a wrong GITHUB_API_URL, a
 * proxy's error page) stops here with a plain message, instead of failing
 * later on a string where an object was expected.
 */
function expectJson(
  response: { status: number; data: unknown; headers: Record<string, unknown> },
  options: { method?: string; url?: string; mediaType?: { format?: string } },
  baseUrl: string
): void {
  if (typeof response.data !== 'string' || response.data === '') return
  if (TEXT_FORMATS.test(options.mediaType?.format ?? '')) return
  const type = String(response.headers['content-type'] ?? 'no content type')
  throw new Error(
    `GitHub answered ${options.method ?? 'GET'} ${options.url ?? ''} with ${response.status} ${type} instead of JSON (it begins: ${JSON.stringify(response.data.slice(0, 60))}). Check GITHUB_API_URL (${baseUrl}; on GitHub Enterprise Server it ends in /api/v3) and any proxy between the runner and GitHub.`
  )
}
