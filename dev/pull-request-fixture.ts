/**
 * Turns a real git change into what GitHub would serve for it: REST
 * DiffEntry objects (with git's own hunk text as `patch`) and a
 * pull_request webhook payload from @octokit/webhooks-examples rewritten
 * to point at the fixture's commits.
 */
import { createRequire } from 'node:module'
import { parseGitDiff } from '../src/diff/git-diff-parser.js'
import type { GitFixture } from './git-fixture.js'
import type { LocalGitHub } from './github-server.js'
import { gitDiff } from './git-fixture.js'

interface WebhookExamples {
  name: string
  examples: Array<Record<string, unknown> & { action?: string }>
}

const examples = createRequire(import.meta.url)(
  '@octokit/webhooks-examples/api.github.com/index.json'
) as WebhookExamples[]

/** A webhook example by event name and action, deep-copied. */
export function webhookExample(
  event: string,
  action?: string
): Record<string, unknown> {
  const found = examples
    .find((e) => e.name === event)
    ?.examples.find((e) => action === undefined || e.action === action)
  if (!found)
    throw new Error(
      `@octokit/webhooks-examples has no ${event}${action ? `.${action}` : ''}`
    )
  return structuredClone(found)
}

export interface DiffEntryOptions {
  /** Paths whose patch GitHub leaves out as too large. */
  withoutPatch?: string[]
}

/** DiffEntry objects for base..head, as `GET /pulls/{n}/files` returns them. */
export function diffEntries(
  fixture: GitFixture,
  base: string,
  head: string,
  options: DiffEntryOptions = {}
) {
  const text = gitDiff(fixture, base, head)
  const files = parseGitDiff(text)
  const sections = text
    .split(/^(?=diff --git )/m)
    .filter((s) => s.startsWith('diff --git '))
  return files.map((file, i) => {
    const section = sections[i]
    const at = section.search(/^@@ /m)
    const patch =
      at >= 0 && !options.withoutPatch?.includes(file.path)
        ? section.slice(at).replace(/\n$/, '')
        : undefined
    return {
      sha: '0'.repeat(40),
      filename: file.path,
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      changes: file.additions + file.deletions,
      blob_url: `https://github.com/o/r/blob/${head}/${file.path}`,
      raw_url: `https://github.com/o/r/raw/${head}/${file.path}`,
      contents_url: `https://api.github.com/repos/o/r/contents/${file.path}?ref=${head}`,
      ...(patch !== undefined ? { patch } : {}),
      ...(file.previousPath ? { previous_filename: file.previousPath } : {})
    }
  })
}

/** The pull_request.<action> example, pointed at `owner/repo` #number with the given SHAs. */
export function pullRequestPayload(options: {
  action?: string
  owner: string
  repo: string
  number: number
  baseSha: string
  headSha: string
  changedFiles: number
  draft?: boolean
}): Record<string, unknown> {
  const payload = webhookExample('pull_request', options.action ?? 'opened')
  const fullName = `${options.owner}/${options.repo}`
  type Ref = { sha: string; repo: { full_name: string } }
  const pr = payload.pull_request as Record<string, unknown> & {
    head: Ref
    base: Ref
  }
  pr.number = options.number
  pr.draft = options.draft ?? false
  pr.changed_files = options.changedFiles
  pr.head.sha = options.headSha
  pr.base.sha = options.baseSha
  pr.head.repo.full_name = fullName
  pr.base.repo.full_name = fullName
  payload.number = options.number
  ;(payload.repository as Record<string, unknown>).full_name = fullName
  return payload
}

/** Which pull request, and the commits it spans. */
export interface PullRequestRef {
  owner: string
  repo: string
  number: number
  baseSha: string
  headSha: string
}

/**
 * Serves `base`..`head` of a git fixture as pull request `number` on the
 * local GitHub server, and returns its pull_request event payload.
 */
export function servePullRequest(
  github: LocalGitHub,
  fixture: GitFixture,
  options: PullRequestRef & {
    /** DiffEntry objects to serve instead of the fixture's diff. */
    files?: Array<Record<string, unknown>>
    /** What GitHub says changed (more than it lists, for the 3,000-file limit). */
    changedFiles?: number
    /** Edits the pull_request object before it is served (title, body). */
    edit?: (pr: Record<string, unknown>) => void
  }
): Record<string, unknown> {
  const files =
    options.files ?? diffEntries(fixture, options.baseSha, options.headSha)
  const payload = pullRequestPayload({
    ...options,
    changedFiles: options.changedFiles ?? files.length
  })
  const pr = payload.pull_request as Record<string, unknown> & {
    number: number
  }
  options.edit?.(pr)
  github.addPullRequest(options.owner, options.repo, { data: pr, files })
  return payload
}

/** A push to a served pull request: its head moves to `headSha`, with the fixture's diff from the base. */
export function servePush(
  github: LocalGitHub,
  fixture: GitFixture,
  options: PullRequestRef
): { payload: Record<string, unknown>; files: Array<Record<string, unknown>> } {
  const files = diffEntries(fixture, options.baseSha, options.headSha)
  const payload = pullRequestPayload({
    ...options,
    changedFiles: files.length
  })
  github.updatePullRequest(options.owner, options.repo, {
    data: payload.pull_request as { number: number },
    files
  })
  return { payload, files }
}
