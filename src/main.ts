import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as core from '@actions/core'
import { GitAttributes } from './diff/git-attributes.js'
import { ConfigurationError, getErrorMessage } from './errors.js'
import { createOctokit } from './github/octokit.js'
import { createPullRequestSource } from './github/pull-request-source.js'
import type { PullRequestSource } from './github/pull-request-source.js'
import { withGroup } from './logging.js'
import { Outputs } from './outputs.js'
import { planChange } from './plan/plan-change.js'
import { renderPlan } from './plan/plan-report.js'
import { resolveReviewTarget } from './pull-request/pull-request-context.js'
import { readRunnerContext } from './runner-context.js'
import { readSettings } from './settings.js'

/**
 * The action: settings → pull request → diff → plan → report. The one
 * place that turns a thrown error into a failed step.
 */
export async function run(): Promise<void> {
  try {
    const settings = readSettings()
    if (!settings.githubToken) {
      throw new ConfigurationError(
        "Input 'github-token' is empty. Leave it unset to use the job's GITHUB_TOKEN, or pass a token with 'pull-requests: read'."
      )
    }
    core.setSecret(settings.githubToken)
    const runner = readRunnerContext()
    const payload = await readEventPayload(runner.eventPath)
    const source: PullRequestSource = createPullRequestSource(
      createOctokit(settings.githubToken, runner.apiUrl)
    )

    const target = await withGroup('Pull request', () =>
      resolveReviewTarget(
        {
          name: runner.eventName,
          payload,
          owner: runner.owner,
          repo: runner.repo
        },
        settings,
        source
      )
    )
    if (target.kind === 'skip') {
      core.notice(target.reason)
      setPlanOutputs(0, 0, 0, undefined)
      await core.summary.addRaw(`architect-review: ${target.reason}\n`).write()
      return
    }
    const { pullRequest } = target
    core.info(
      `Reviewing #${pullRequest.number} "${pullRequest.title}" at ${pullRequest.headSha}`
    )

    const files = await withGroup('Changed files', async () => {
      const listed = await source.listFiles(
        pullRequest.owner,
        pullRequest.repo,
        pullRequest.number
      )
      core.info(`${listed.length} files listed by GitHub`)
      return listed
    })
    const attributes = await readGitAttributes(runner.workspace)
    const { plan, estimate } = planChange(files, settings, attributes)
    const report = renderPlan(plan, estimate, settings.areas, {
      title: `PR #${pullRequest.number}`,
      headSha: pullRequest.headSha,
      unlistedFiles: Math.max(0, pullRequest.changedFiles - files.length)
    })

    await withGroup('Review plan', async () => core.info(report))
    await core.summary.addRaw(report).write()
    setPlanOutputs(
      plan.reviewedFiles,
      plan.skipped.length,
      plan.units.length,
      estimate.costUsd
    )
  } catch (error) {
    core.setFailed(
      error instanceof ConfigurationError
        ? `Configuration error: ${error.message}`
        : `architect-review failed: ${getErrorMessage(error)}`
    )
  }
}

function setPlanOutputs(
  reviewed: number,
  skipped: number,
  units: number,
  cost: number | undefined
): void {
  core.setOutput(Outputs.FilesReviewed, reviewed)
  core.setOutput(Outputs.FilesSkipped, skipped)
  core.setOutput(Outputs.ReviewUnits, units)
  core.setOutput(
    Outputs.EstimatedCostUsd,
    cost === undefined ? '' : cost.toFixed(4)
  )
}

async function readEventPayload(
  path: string | undefined
): Promise<Record<string, unknown>> {
  if (!path) return {}
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
  } catch (error) {
    throw new Error(
      `Cannot read the event payload at GITHUB_EVENT_PATH=${path}: ${getErrorMessage(error)}`,
      { cause: error }
    )
  }
}

/** The checkout's .gitattributes, for linguist-generated paths; none without a checkout. */
async function readGitAttributes(
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
