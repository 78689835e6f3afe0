import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { DEFAULT_AGENT, loadAgent, selectAreas } from './agents/agent-loader.js'
import { GitAttributes } from './diff/git-attributes.js'
import { ConfigurationError, getErrorMessage } from './errors.js'
import { findingsDocument } from './findings/findings-document.js'
import { createOctokit } from './github/octokit.js'
import { createPullRequestSource } from './github/pull-request-source.js'
import type { PullRequestSource } from './github/pull-request-source.js'
import { withGroup } from './logging.js'
import { Outputs } from './outputs.js'
import { planChange } from './plan/plan-change.js'
import { renderPlan } from './plan/plan-report.js'
import { resolveReviewTarget } from './pull-request/pull-request-context.js'
import type { PullRequest } from './pull-request/pull-request.js'
import { createApiFiles } from './repository/api-files.js'
import { openGitFiles } from './repository/git-files.js'
import { CLIENT_POLICY, createAnthropicClient } from './review/model-client.js'
import { reviewChange } from './review/review-change.js'
import type { ChangeReview } from './review/review-change.js'
import { renderReview, severityCounts } from './review/review-report.js'
import { FatalReviewError } from './review/review-runner.js'
import { configSource } from './pull-request/config-source.js'
import type { RepositoryFiles } from './repository/repository-files.js'
import { readRunnerContext } from './runner-context.js'
import type { RunnerContext } from './runner-context.js'
import { DEFAULT_MODEL, readSettings } from './settings.js'
import type { ReviewSettings } from './settings.js'
import type { GitHubClient } from './github/octokit.js'
import { createPullRequestWriter } from './github/pull-request-writer.js'
import type { InvalidFinding } from './findings/finding.js'
import { gateFindings, gateMessage } from './publish/gate.js'
import { reviewScope } from './publish/incremental.js'
import { readPreviousReview } from './publish/previous-review.js'
import { publishReview } from './publish/publish-review.js'
import { isOpen, reconcile } from './publish/reconcile.js'
import type { PublishedFinding } from './publish/reconcile.js'
import { redactSecrets } from './publish/sanitize.js'
import { toSarif } from './publish/sarif.js'
import { ACTION_VERSION } from './version.js'

/**
 * The action: settings → pull request → diff → plan → review → outputs.
 * The one place that turns a thrown error into a failed step.
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
    if (settings.anthropicApiKey) core.setSecret(settings.anthropicApiKey)
    const runner = readRunnerContext()
    const payload = await readEventPayload(runner.eventPath)
    const octokit = createOctokit(settings.githubToken, runner.apiUrl)
    const source = createPullRequestSource(octokit)

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
    await reviewPullRequest(
      target.pullRequest,
      settings,
      runner,
      octokit,
      source
    )
  } catch (error) {
    core.setFailed(
      error instanceof ConfigurationError
        ? `Configuration error: ${error.message}`
        : `architect-review failed: ${getErrorMessage(error)}`
    )
  }
}

async function reviewPullRequest(
  pullRequest: PullRequest,
  settings: ReviewSettings,
  runner: RunnerContext,
  octokit: GitHubClient,
  source: PullRequestSource
): Promise<void> {
  // The run's own secrets: never shown to the model, never posted.
  const secrets = [settings.githubToken, settings.anthropicApiKey].filter(
    (s) => s !== ''
  )
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

  const config = configSource(runner.eventName, files, settings.agent)
  const notes: string[] = []
  let readBase: ((path: string) => Promise<string | undefined>) | undefined
  if (config.fromBase) {
    const baseFiles = await openRepositoryView(
      runner,
      octokit,
      pullRequest,
      pullRequest.baseSha
    )
    readBase = (path) => readTextFile(baseFiles, path)
    const note = `The reviewer's configuration (agent file, .gitattributes) was read from the base commit ${pullRequest.baseSha.slice(0, 12)} because ${config.reason}.`
    notes.push(note)
    core.info(note)
  }
  const agent = await loadAgent({
    agent: settings.agent || DEFAULT_AGENT,
    repositoryRoot: runner.workspace,
    readRepositoryFile: readBase,
    readFrom: `the base commit ${pullRequest.baseSha.slice(0, 12)}`
  })
  if (agent.ignoredKeys.length > 0) {
    core.debug(
      `Agent ${agent.source}: ignored frontmatter keys ${agent.ignoredKeys.join(', ')}`
    )
  }
  const areas = selectAreas(agent, settings.areas)
  const model = settings.model ?? agent.model ?? DEFAULT_MODEL
  const attributes = readBase
    ? new GitAttributes((await readBase('.gitattributes')) ?? '')
    : await readGitAttributes(runner.workspace)
  const { plan, estimate } = planChange(
    files,
    settings,
    { areaCount: areas.length, model },
    attributes
  )
  const planReport = renderPlan(
    plan,
    estimate,
    areas.map((a) => a.id),
    {
      title: `PR #${pullRequest.number}`,
      headSha: pullRequest.headSha,
      unlistedFiles: Math.max(0, pullRequest.changedFiles - files.length)
    }
  )
  await withGroup('Review plan', async () => core.info(planReport))
  setPlanOutputs(
    plan.reviewedFiles,
    plan.skipped.length,
    plan.units.length,
    estimate.costUsd
  )

  if (settings.provider === 'anthropic' && !settings.anthropicApiKey) {
    if (settings.dryRun) {
      core.notice(
        'dry-run without an Anthropic API key: the review plan is in the job summary; nothing was reviewed or posted.'
      )
      await core.summary.addRaw(planReport).write()
      return
    }
    if (pullRequest.fromFork) {
      // GitHub does not pass secrets to workflows of fork PRs: plan, say so, stay neutral.
      core.notice(
        'No Anthropic API key: GitHub does not pass secrets to workflows run for pull requests from forks. The review plan is in the job summary; see the README for a fork-friendly setup.'
      )
      await core.summary.addRaw(planReport).write()
      return
    }
    throw new ConfigurationError(
      "Input 'anthropic-api-key' is empty and ANTHROPIC_API_KEY is not set. Add the key as a repository secret and pass it: anthropic-api-key: ${{ secrets.ANTHROPIC_API_KEY }}."
    )
  }
  const writer = createPullRequestWriter(
    octokit,
    pullRequest.owner,
    pullRequest.repo,
    pullRequest.number
  )
  const previous = await withGroup('Earlier reviews', async () => {
    const found = await readPreviousReview(writer)
    core.info(
      found.summary
        ? `Summary comment ${found.summary.id}, last reviewed head ${found.state?.head ?? 'unknown'}; ${found.comments.size} inline comment(s) of ours.`
        : 'No earlier review of ours on this pull request.'
    )
    return found
  })
  const scope = await reviewScope(
    plan.units,
    previous,
    settings.incremental,
    writer,
    pullRequest.headSha
  )
  core.info(`Scope: ${scope.description}.`)

  const filesView = await openRepositoryView(
    runner,
    octokit,
    pullRequest,
    pullRequest.headSha
  )
  core.info(
    `Provider ${settings.provider}; model ${model}; ${areas.length} areas × ${scope.units.length} units; concurrency ${settings.concurrency}; max ${settings.maxTurns} turns per pass; ` +
      `SDK retries ${CLIENT_POLICY.maxRetries}, timeout ${CLIENT_POLICY.timeoutMs / 1000}s per request; base URL ${settings.anthropicBaseUrl ?? 'default'}; files from ${filesView.origin}.`
  )
  let review: ChangeReview
  try {
    review = await withGroup('Review', () =>
      reviewChange({
        plan,
        units: scope.units,
        agent,
        areas,
        model,
        subject: {
          title: pullRequest.title,
          body: pullRequest.body,
          reference: `${pullRequest.owner}/${pullRequest.repo}#${pullRequest.number}`
        },
        files: filesView,
        workspace: runner.workspace,
        blockedPaths: settings.blockedPaths,
        maxTurns: settings.maxTurns,
        concurrency: settings.concurrency,
        effort: settings.effort,
        instructions: settings.instructions,
        client: createAnthropicClient({
          provider: settings.provider,
          apiKey: settings.anthropicApiKey,
          baseURL: settings.anthropicBaseUrl,
          awsRegion: settings.awsRegion,
          vertexRegion: settings.vertexRegion,
          vertexProjectId: settings.vertexProjectId,
          ...CLIENT_POLICY
        }),
        deadline: deadlineOf(settings.timeBudgetMinutes),
        contextTokens: settings.maxContextTokens,
        verify: { severities: settings.verify, model: settings.verifyModel },
        secrets,
        log: (line) => core.info(line)
      })
    )
  } catch (error) {
    if (error instanceof FatalReviewError)
      throw new ConfigurationError(error.message, { cause: error })
    throw error
  }

  const { published, invalid } = reconcile(review.findings, {
    files,
    minSeverity: settings.minSeverity,
    minConfidence: settings.minConfidence,
    maxComments: settings.maxComments,
    postedFingerprints: new Set(previous.comments.keys())
  })
  // Outputs first: whatever happens while publishing, no finding is lost.
  await setReviewOutputs(
    review,
    pullRequest,
    plan.skipped,
    [...published, ...invalid],
    secrets
  )

  // The PR may have moved on while the model worked.
  const now = await source.getPullRequest(
    pullRequest.owner,
    pullRequest.repo,
    pullRequest.number
  )
  if (review.passes.some((p) => p.reason?.includes('time budget'))) {
    notes.push(
      `Partial review: the time budget of ${settings.timeBudgetMinutes} minute(s) ran out; passes not run are listed below.`
    )
  }
  if (now.headSha !== pullRequest.headSha) {
    notes.push(
      `The branch moved on to ${now.headSha.slice(0, 12)} during the review; these findings are for ${pullRequest.headSha.slice(0, 12)}, and the next run reviews the rest.`
    )
  }
  const reviewReport = renderReview(review, secrets)
  core.info(reviewReport)
  if (now.state === 'closed') {
    const message = `Pull request #${pullRequest.number} was ${now.merged ? 'merged' : 'closed'} during the review; nothing was posted. The findings are in the outputs and below.`
    core.notice(message)
    await core.summary
      .addRaw(`> ${message}\n\n`)
      .addRaw(reviewReport)
      .addRaw('\n')
      .addRaw(planReport)
      .write()
    return
  }
  const publication = await withGroup('Publish', () =>
    publishReview({
      writer,
      headSha: pullRequest.headSha,
      findings: published,
      previous,
      summary: {
        carried: scope.carried,
        invalidCount: invalid.length,
        skipped: plan.skipped,
        unfinishedPasses: review.passes.filter((p) => p.status !== 'complete'),
        model,
        turns: review.turns,
        usage: review.usage,
        costUsd: review.costUsd,
        withheldTools: review.withheldTools,
        scope: scope.description
      },
      recheckedPaths: scope.recheckedPaths,
      notes,
      dryRun: settings.dryRun,
      secrets,
      log: (line) => core.info(line)
    })
  )
  const notices = publication.notices.map((n) => `> ${n}\n`).join('\n')
  await core.summary
    .addRaw(reviewReport)
    .addRaw(notices ? `\n${notices}\n` : '\n')
    .addRaw(planReport)
    .write()
  core.setOutput(Outputs.ReviewId, publication.reviewId ?? '')
  core.setOutput(Outputs.SummaryCommentId, publication.summaryCommentId ?? '')
  if (!review.complete) {
    core.warning(
      'Some review passes did not complete; the job summary lists them and why.'
    )
  }
  const tripped = gateFindings(published, settings.failOn)
  if (tripped.length > 0) core.setFailed(gateMessage(tripped, settings.failOn))
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

async function setReviewOutputs(
  review: ChangeReview,
  pullRequest: PullRequest,
  skipped: Parameters<typeof findingsDocument>[1]['skipped'],
  findings: ReadonlyArray<PublishedFinding | InvalidFinding>,
  secrets: readonly string[]
): Promise<void> {
  const document = findingsDocument(review, {
    reference: `${pullRequest.owner}/${pullRequest.repo}#${pullRequest.number}`,
    headSha: pullRequest.headSha,
    skipped,
    findings
  })
  const dir = await mkdtemp(
    join(process.env.RUNNER_TEMP || tmpdir(), 'architect-review-')
  )
  const findingsPath = join(dir, 'findings.json')
  const sarifPath = join(dir, 'architect-review.sarif')
  // Model text may echo a secret; outputs and files never carry one.
  await writeFile(
    findingsPath,
    `${redactSecrets(JSON.stringify(document, null, 2), secrets)}\n`
  )
  const valid = findings.filter(
    (f): f is PublishedFinding => f.status === 'valid'
  )
  await writeFile(
    sarifPath,
    `${JSON.stringify(toSarif(valid, { version: ACTION_VERSION, secrets }), null, 2)}\n`
  )
  core.setOutput(
    Outputs.Findings,
    redactSecrets(JSON.stringify(findings), secrets)
  )
  core.setOutput(Outputs.FindingsFile, findingsPath)
  core.setOutput(Outputs.SarifFile, sarifPath)
  core.setOutput(
    Outputs.InputTokens,
    review.usage.input + review.usage.cacheWrite + review.usage.cacheRead
  )
  core.setOutput(Outputs.OutputTokens, review.usage.output)
  core.setOutput(
    Outputs.CostUsd,
    review.costUsd === undefined ? '' : review.costUsd.toFixed(4)
  )
  const open = valid.filter(isOpen)
  for (const [severity, count] of Object.entries(severityCounts(open))) {
    core.setOutput(severity, count)
  }
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
      {
        cause: error
      }
    )
  }
}

/**
 * When passes must stop: the step's budget less a fifth of it, kept for
 * publishing. Measured from the process's start.
 */
function deadlineOf(minutes: number | undefined): number | undefined {
  if (minutes === undefined) return undefined
  return performance.timeOrigin + minutes * 60_000 * 0.8
}

/**
 * The repository at `commit`: git objects of the checkout when it has the
 * commit (whatever it has checked out), else the contents API.
 */
async function openRepositoryView(
  runner: RunnerContext,
  octokit: GitHubClient,
  pullRequest: PullRequest,
  commit: string
): Promise<RepositoryFiles> {
  const local = runner.workspace
    ? await openGitFiles(runner.workspace, commit)
    : undefined
  return (
    local ??
    createApiFiles(octokit, pullRequest.owner, pullRequest.repo, commit)
  )
}

/** A small text file of a repository view; undefined when absent, a link or unreadable. */
async function readTextFile(
  files: RepositoryFiles,
  path: string
): Promise<string | undefined> {
  try {
    const entry = await files.stat(path)
    if (!entry || entry.symlink) return undefined
    return (await files.read(path, 1024 * 1024)).toString('utf8')
  } catch {
    return undefined
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
