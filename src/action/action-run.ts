import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { isBundledAgentName } from '../agents/agent-loader.js'
import { ConfigurationError, getErrorMessage } from '../errors.js'
import type { StateSeal } from '../findings/run-state.js'
import { resolveReviewer } from '../front-end/reviewer.js'
import { createModelClient, runSecrets } from '../front-end/model-access.js'
import { createOctokit } from '../github/octokit.js'
import type { GitHubClient } from '../github/octokit.js'
import { createPullRequestSource } from '../github/pull-request-source.js'
import { createPullRequestWriter } from '../github/pull-request-writer.js'
import type { ConversationWriter } from '../github/pull-request-writer-types.js'
import type { PullRequestSource } from '../pull-request/pull-request-source.js'
import { openLocalView, openRepositoryView } from '../github/repository-view.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import type { PullRequest } from '../pull-request/pull-request.js'
import type { ModelClient } from '../review/model-client.js'
import type { RunnerContext } from '../runner-context.js'
import type { ReviewSettings } from '../settings.js'
import type { Step } from './step.js'

/** What every run kind of the action is given: its settings and the outside world, behind small interfaces. */
export interface ActionRun {
  settings: ReviewSettings
  runner: RunnerContext
  step: Step
  octokit: GitHubClient
  source: PullRequestSource
  /** The writer of one pull request's reviews, comments and reactions. */
  writerFor(
    pullRequest: Pick<PullRequest, 'owner' | 'repo' | 'number'>
  ): ConversationWriter
  /** The model client (called only when the run has model access). */
  modelClient(): ModelClient
  /** The run's own secrets: never shown to the model, never posted. */
  secrets: string[]
  now(): Date
}

/**
 * The action's run from its settings and the runner's environment: secrets
 * masked, the GitHub client built. A bundled agent and the areas asked of
 * it are checked here, before any request.
 */
export async function openActionRun(
  settings: ReviewSettings,
  runner: RunnerContext,
  step: Step
): Promise<ActionRun> {
  if (!settings.githubToken)
    throw new ConfigurationError(
      "Input 'github-token' is empty. Leave it unset to use the job's GITHUB_TOKEN, or pass a token with 'pull-requests: read'."
    )
  const secrets = runSecrets(settings)
  secrets.forEach((s) => step.setSecret(s))
  if (isBundledAgentName(settings.agent)) await resolveReviewer(settings)
  const octokit = createOctokit(
    settings.githubToken,
    runner.apiUrl,
    settings.requestPacing,
    step.log
  )
  return {
    settings,
    runner,
    step,
    octokit,
    source: createPullRequestSource(octokit),
    writerFor: ({ owner, repo, number }) =>
      createPullRequestWriter(octokit, owner, repo, number),
    modelClient: () => createModelClient(settings),
    secrets,
    now: () => new Date()
  }
}

/** The webhook payload, or why it cannot be read (said by the run that needs it). */
export async function readEventPayload(
  path: string | undefined
): Promise<{ payload: Record<string, unknown>; problem?: string }> {
  if (!path) return { payload: {}, problem: 'GITHUB_EVENT_PATH is not set' }
  try {
    return {
      payload: JSON.parse(await readFile(path, 'utf8')) as Record<
        string,
        unknown
      >
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return {
      payload: {},
      problem:
        code === 'ENOENT'
          ? `GITHUB_EVENT_PATH names ${path}, which does not exist`
          : `the event file ${path} cannot be read (${getErrorMessage(error)})`
    }
  }
}

/** The secret that seals the run state; without one, a throwaway key that no later run can verify. */
export function stateSeal(
  settings: Pick<ReviewSettings, 'stateSecret' | 'anthropicApiKey'>,
  scope: string
): StateSeal & { trusted: boolean } {
  const secret = settings.stateSecret || settings.anthropicApiKey
  return secret
    ? { secret, scope, trusted: true }
    : { secret: randomBytes(32).toString('hex'), scope, trusted: false }
}

/** The head for the tools; without a review, only what the checkout has (the plan reads the files' first lines). */
export function headView(
  pullRequest: PullRequest,
  run: Pick<ActionRun, 'runner' | 'octokit' | 'step'>,
  forTools: boolean
): Promise<RepositoryFiles | undefined> {
  return forTools
    ? openRepositoryView(
        run.runner.workspace,
        run.octokit,
        pullRequest,
        pullRequest.headSha,
        { warn: (message) => run.step.log.warning(message) }
      )
    : openLocalView(run.runner.workspace, pullRequest.headSha)
}
