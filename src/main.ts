import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import * as core from '@actions/core'
import {
  DEFAULT_AGENT,
  isBundledAgentName,
  loadAgent,
  selectAreas
} from './agents/agent-loader.js'
import type { Agent, ReviewArea } from './agents/agent.js'
import { GitAttributes } from './diff/git-attributes.js'
import type { ChangedFile } from './diff/types.js'
import { ConfigurationError, getErrorMessage } from './errors.js'
import { gate } from './findings/gate.js'
import type { StateSeal } from './findings/run-state.js'
import { createOctokit } from './github/octokit.js'
import type { GitHubClient } from './github/octokit.js'
import { createPullRequestSource } from './github/pull-request-source.js'
import { createPullRequestWriter } from './github/pull-request-writer.js'
import type { PullRequestWriter } from './github/pull-request-writer.js'
import {
  openLocalView,
  openRepositoryView,
  readGitAttributes,
  readTextFile
} from './github/repository-view.js'
import { withGroup } from './logging.js'
import { answerComment } from './conversation/comment-run.js'
import type {
  ReviewRequest,
  ReviewRunResult
} from './conversation/comment-run.js'
import {
  COMMENT_EVENTS,
  readCommentTrigger
} from './conversation/comment-trigger.js'
import type { ThreadQuestion } from './review/thread-prompt.js'
import { answerThread } from './review/thread-answer.js'
import type { ThreadAnswer } from './review/thread-answer.js'
import { readTool } from './tools/read-tool.js'
import { Sandbox } from './tools/sandbox.js'
import { reviewToolsOf } from './pipeline/review-change.js'
import { PULL_REQUEST_EVENTS } from './pull-request/pull-request-context.js'
import type { SettingNames } from './settings.js'
import { code } from './text/markdown.js'
import { reviewChange } from './pipeline/review-change.js'
import type { ReviewOutcome } from './pipeline/review-change.js'
import { renderPlan } from './plan/plan-report.js'
import {
  setEmptyOutputs,
  setFindingsOutputs,
  setPlanOutputs
} from './publish/action-outputs.js'
import { writeJobSummary } from './publish/job-summary.js'
import { currentState, readPreviousReview } from './publish/previous-review.js'
import { takeConcurrentEdits } from './pipeline/next-state.js'
import type { PreviousReview } from './publish/previous-review.js'
import { publishReview } from './publish/publish-review.js'
import { configSource } from './pull-request/config-source.js'
import { resolveReviewTarget } from './pull-request/pull-request-context.js'
import { referenceOf } from './pull-request/pull-request.js'
import type { PullRequest } from './pull-request/pull-request.js'
import type { PromptSubject } from './review/prompt.js'
import type { PullRequestSource } from './pull-request/pull-request-source.js'
import { renderReview } from './report/review-report.js'
import { CLIENT_POLICY, createAnthropicClient } from './review/model-client.js'
import { executeTool, FatalReviewError } from './review/review-runner.js'
import type { RepositoryFiles } from './repository/repository-files.js'
import { Outputs } from './outputs.js'
import type { PlannedChange } from './plan/plan-change.js'
import { ProgressLog } from './report/progress-log.js'
import { readShardFiles, writeShardFile } from './publish/shard-files.js'
import { shardFileOf } from './pipeline/shard-file.js'
import type { FatalReason } from './review/model-client.js'
import { readRunnerContext } from './runner-context.js'
import type { RunnerContext } from './runner-context.js'
import { DEFAULT_MODEL, hasModelAccess, readSettings } from './settings.js'
import type { RunState } from './findings/run-state.js'
import type { ReviewSettings } from './settings.js'

/** What a review of a pull request needs from the run. */
interface ActionRun {
  settings: ReviewSettings
  runner: RunnerContext
  octokit: GitHubClient
  source: PullRequestSource
  /** The run's own secrets: never shown to the model, never posted. */
  secrets: string[]
}

/**
 * The action: settings → pull request → review (the pipeline) → outputs →
 * publish → gate. The one place that turns a thrown error into a failed step.
 */
export async function run(): Promise<void> {
  try {
    const settings = readSettings()
    if (!settings.githubToken)
      throw new ConfigurationError(
        "Input 'github-token' is empty. Leave it unset to use the job's GITHUB_TOKEN, or pass a token with 'pull-requests: read'."
      )
    const secrets = [
      settings.githubToken,
      settings.anthropicApiKey,
      settings.stateSecret
    ].filter((s) => s !== '')
    secrets.forEach((s) => core.setSecret(s))
    await checkBundledReviewer(settings)
    const runner = readRunnerContext()
    const event = await readEventPayload(runner.eventPath)
    const octokit = createOctokit(
      settings.githubToken,
      runner.apiUrl,
      settings.requestPacing
    )
    const source = createPullRequestSource(octokit)
    const run = { settings, runner, octokit, source, secrets }
    if (COMMENT_EVENTS.includes(runner.eventName))
      return await onComment(event.payload, run)
    const target = await withGroup('Pull request', () =>
      resolveReviewTarget(
        {
          name: runner.eventName,
          payload: event.payload,
          payloadProblem: event.problem,
          owner: runner.owner,
          repo: runner.repo
        },
        settings,
        source
      )
    )
    if (target.kind === 'skip') {
      core.notice(target.reason)
      setEmptyOutputs()
      await writeJobSummary(`architect-review: ${target.reason}`)
      return
    }
    const result = await reviewPullRequest(target.pullRequest, run, {
      passes: 'due',
      automatic: PULL_REQUEST_EVENTS.includes(runner.eventName)
    })
    if (result.failure) core.setFailed(result.failure)
  } catch (error) {
    core.setFailed(
      error instanceof ConfigurationError
        ? `Configuration error: ${error.message}`
        : `architect-review failed: ${getErrorMessage(error)}`
    )
  }
}

/**
 * A comment on a pull request: a command, or a reply in one of our threads.
 * The payload gives the comment; everything else is read from GitHub.
 */
async function onComment(
  payload: Record<string, unknown>,
  run: ActionRun
): Promise<void> {
  const reading = readCommentTrigger(run.runner.eventName, payload)
  if (reading.kind === 'ignore') {
    core.info(`Nothing to do: ${reading.reason}.`)
    setEmptyOutputs()
    return
  }
  const { trigger } = reading
  const { owner, repo } = run.runner
  // A comment that starts no review still sets every output (empty).
  let reviewed = false
  const seal = stateSeal(
    run.settings,
    referenceOf({ owner, repo, number: trigger.pullNumber })
  )
  await answerComment({
    settings: run.settings,
    trigger,
    writer: createPullRequestWriter(
      run.octokit,
      owner,
      repo,
      trigger.pullNumber
    ),
    seal: seal.trusted ? seal : undefined,
    canAnswer: hasModelAccess(run.settings),
    secrets: run.secrets,
    getPullRequest: () =>
      run.source.getPullRequest(owner, repo, trigger.pullNumber),
    areaIds: async () =>
      (
        await loadAgent({
          agent: run.settings.agent || DEFAULT_AGENT,
          repositoryRoot: run.runner.workspace
        })
      ).areas.map((a) => a.id),
    review: (pullRequest, request) => {
      reviewed = true
      return reviewPullRequest(pullRequest, run, request)
    },
    answer: (pullRequest, question) =>
      answerInThread(pullRequest, question, run)
  })
  if (!reviewed) setEmptyOutputs()
}

/** What the prompt says about the pull request (all of it the PR's own, untrusted text). */
function subjectOf(pullRequest: PullRequest): PromptSubject {
  return {
    title: pullRequest.title,
    body: pullRequest.body,
    reference: referenceOf(pullRequest)
  }
}

/** The agent answers in a thread, with its tools on the pull request's head. */
async function answerInThread(
  pullRequest: PullRequest,
  question: Omit<ThreadQuestion, 'subject' | 'code'>,
  run: ActionRun
): Promise<ThreadAnswer> {
  // Comment events read the reviewer from the base commit whatever the PR
  // changes (configSource), so no file list is needed to choose where from.
  const reviewer = await loadReviewer(pullRequest, [], run)
  const repository = (await headView(pullRequest, run, true))!
  const toolContext = {
    files: repository,
    sandbox: new Sandbox(run.runner.workspace, run.settings.blockedPaths)
  }
  const { line, path } = question.finding
  const code = await executeTool(
    [readTool],
    'Read',
    { file_path: path, offset: Math.max(1, line - 20), limit: 40 },
    toolContext
  )
  return answerThread({
    question: {
      ...question,
      code: code.content,
      subject: subjectOf(pullRequest)
    },
    agentPrompt: reviewer.agent.systemPrompt,
    model: reviewer.model,
    maxTurns: run.settings.maxTurns,
    tools: reviewToolsOf(reviewer.agent, repository),
    toolContext,
    client: createAnthropicClient({
      ...clientOptions(run.settings),
      ...CLIENT_POLICY
    })
  })
}

/**
 * One review of a pull request, as `request` asks: the passes due, all of
 * them, or none (the last review restated after a pause or a dismissal).
 * Says how it ended, for the reaction on a comment that asked for it.
 */
async function reviewPullRequest(
  pullRequest: PullRequest,
  actionRun: ActionRun,
  request: ReviewRequest
): Promise<ReviewRunResult> {
  const run = withRequestedAreas(actionRun, request)
  const { settings } = run
  const reference = referenceOf(pullRequest)
  core.info(
    `Reviewing ${reference} "${pullRequest.title}" at ${pullRequest.headSha}`
  )
  const files = await listChangedFiles(pullRequest, run)
  const reviewer = await loadReviewer(pullRequest, files, run, request)
  const shardFiles = settings.mergeFrom
    ? await withGroup('Shard files', () =>
        readShardFiles(settings.mergeFrom!, run.runner.workspace)
      )
    : undefined
  const restating = request.passes === 'none'
  const seal = stateSeal(settings, reference)
  if (restating && !seal.trusted)
    return { failure: 'there is no secret to keep the run state with' }
  // A merge reviews from its shards' files; it needs the model only to verify.
  const canReview =
    restating || hasModelAccess(settings) || shardFiles !== undefined
  const writer = createPullRequestWriter(
    run.octokit,
    pullRequest.owner,
    pullRequest.repo,
    pullRequest.number
  )
  const earlier = canReview
    ? (request.earlier ??
      (await readEarlier(writer, seal.trusted ? seal : undefined)))
    : undefined
  if (request.automatic && earlier?.state?.paused)
    return skipPaused(pullRequest, earlier.state.paused, settings)
  if (earlier && request.editState)
    earlier.state = request.editState(earlier.state, pullRequest.headSha)
  const outcome = await review(pullRequest, files, reviewer, run, {
    writer,
    earlier,
    canReview,
    shardFiles,
    passes: request.passes
  })
  if (settings.shard && outcome.reviewed) {
    await finishShard(outcome, settings.shard)
    return {}
  }
  const planReport = renderPlan(
    outcome.planned.plan,
    outcome.planned.estimate,
    outcome.areas,
    {
      title: `PR #${pullRequest.number}`,
      headSha: pullRequest.headSha,
      unlistedFiles: Math.max(0, pullRequest.changedFiles - files.length)
    }
  )
  if (!outcome.reviewed) {
    await endWithoutReview(outcome, pullRequest, planReport, settings)
    return { incomplete: 'nothing was reviewed' }
  }
  const notes = [...reviewer.notes, ...(request.note ? [request.note] : [])]
  return publishAndGate(outcome, pullRequest, run, {
    writer,
    earlier: earlier!,
    seal,
    notes,
    planReport,
    setsPause: request.setsPause
  })
}

/** The run with a command's areas in place of the `areas` input. */
function withRequestedAreas(run: ActionRun, request: ReviewRequest): ActionRun {
  if (!request.areas?.length) return run
  return { ...run, settings: { ...run.settings, areas: request.areas } }
}

/** A command's areas are named as the command's, not as the input's. */
const COMMAND_AREAS: SettingNames = {
  label: () => 'The command',
  example: (_input, value) => `review ${value}`
}

/** `pause` holds: an automatic run reviews nothing and says how to resume. */
async function skipPaused(
  pullRequest: PullRequest,
  paused: NonNullable<RunState['paused']>,
  settings: Pick<ReviewSettings, 'command' | 'failOn'>
): Promise<ReviewRunResult> {
  const { command, failOn } = settings
  const message = `Automatic reviews of pull request #${pullRequest.number} are paused (by ${paused.by} on ${paused.at.slice(0, 10)}); nothing at ${pullRequest.headSha.slice(0, 12)} was reviewed. Comment '${command} resume' to resume them, or '${command}' to review once.`
  core.notice(message)
  setEmptyOutputs()
  await writeJobSummary(`architect-review: ${message}`)
  // A gate cannot pass a head nobody reviewed.
  return failOn === 'none'
    ? {}
    : {
        failure: `fail-on: ${failOn} cannot pass while automatic reviews are paused: nothing at this head was reviewed.`
      }
}

/** What publishing a review needs besides the outcome. */
interface PublishParts {
  writer: PullRequestWriter
  earlier: PreviousReview
  seal: StateSeal
  /** Sentences for the top of the summary. */
  notes: string[]
  /** This run pauses or resumes (see ReviewRequest.setsPause). */
  setsPause?: boolean
}

/** Outputs, the review and summary on the PR, the job summary, then the gate. */
async function publishAndGate(
  outcome: ReviewOutcome,
  pullRequest: PullRequest,
  run: ActionRun,
  parts: PublishParts & { planReport: string }
): Promise<ReviewRunResult> {
  const { settings } = run
  const reference = referenceOf(pullRequest)
  await setFindingsOutputs(outcome, reference, run.secrets)
  const published = await publishOutcome(outcome, pullRequest, run, parts)
  await setFindingsOutputs(outcome, reference, run.secrets, published.ids)
  const report = renderReview(outcome, run.secrets)
  core.info(report)
  await writeJobSummary(
    report,
    published.notices.map((n) => `> ${n}`).join('\n\n'),
    parts.planReport
  )
  const verdict = gate({
    ledger: outcome.ledger,
    unfinished: outcome.unfinished,
    failOn: settings.failOn
  })
  if (verdict.warning) core.warning(verdict.warning)
  if (verdict.failed && !published.failure) core.setFailed(verdict.message!)
  const unrecorded =
    outcome.restated &&
    !settings.dryRun &&
    !published.failure &&
    published.ids.summaryCommentId === undefined
  return {
    failure:
      published.failure ??
      (unrecorded
        ? 'the summary comment that keeps the state could not be written'
        : undefined),
    incomplete:
      outcome.unfinished.length > 0
        ? `${outcome.unfinished.length} pass(es) did not complete`
        : undefined
  }
}

function listChangedFiles(
  pullRequest: PullRequest,
  run: ActionRun
): Promise<ChangedFile[]> {
  return withGroup('Changed files', async () => {
    const listed = await run.source.listFiles(
      pullRequest.owner,
      pullRequest.repo,
      pullRequest.number
    )
    core.info(`${listed.length} files listed by GitHub`)
    return listed
  })
}

/** The agent, its areas and model, and .gitattributes — from the base commit when the PR may not choose them. */
async function loadReviewer(
  pullRequest: PullRequest,
  files: ChangedFile[],
  run: ActionRun,
  request?: ReviewRequest
) {
  const { settings, runner } = run
  const config = configSource(runner.eventName, files, settings.agent)
  const notes: string[] = []
  let readBase: ((path: string) => Promise<string | undefined>) | undefined
  if (config.fromBase) {
    const baseFiles = await openRepositoryView(
      runner.workspace,
      run.octokit,
      pullRequest,
      pullRequest.baseSha
    )
    readBase = (path) => readTextFile(baseFiles, path)
    const note = `The reviewer's configuration (agent file, .gitattributes) was read from the base commit ${pullRequest.baseSha.slice(0, 12)} because ${config.reason}.`
    notes.push(note)
    core.info(note)
  }
  const agent: Agent = await loadAgent({
    agent: settings.agent || DEFAULT_AGENT,
    repositoryRoot: runner.workspace,
    readRepositoryFile: readBase,
    readFrom: `the base commit ${pullRequest.baseSha.slice(0, 12)}`
  })
  if (agent.ignoredKeys.length > 0)
    core.debug(
      `Agent ${agent.source}: ignored frontmatter keys ${agent.ignoredKeys.join(', ')}`
    )
  const areas: ReviewArea[] = selectAreas(
    agent,
    settings.areas,
    request?.areas?.length ? COMMAND_AREAS : undefined
  )
  const attributes = readBase
    ? new GitAttributes((await readBase('.gitattributes')) ?? '')
    : await readGitAttributes(runner.workspace)
  return {
    agent,
    areas,
    model: settings.model ?? agent.model ?? DEFAULT_MODEL,
    attributes,
    notes
  }
}

/**
 * A bundled agent and the areas asked of it need no network: a mistake in
 * either fails here, before any request (an agent file from the repository
 * can only be checked once it is read).
 */
async function checkBundledReviewer(settings: ReviewSettings): Promise<void> {
  if (!isBundledAgentName(settings.agent)) return
  selectAreas(
    await loadAgent({ agent: settings.agent || DEFAULT_AGENT }),
    settings.areas
  )
}

/** The secret that seals the run state; without one, a throwaway key that no later run can verify. */
function stateSeal(
  settings: ReviewSettings,
  scope: string
): StateSeal & { trusted: boolean } {
  const secret = settings.stateSecret || settings.anthropicApiKey
  return secret
    ? { secret, scope, trusted: true }
    : { secret: randomBytes(32).toString('hex'), scope, trusted: false }
}

async function readEarlier(
  writer: PullRequestWriter,
  seal: StateSeal | undefined
): Promise<PreviousReview> {
  return withGroup('Earlier reviews', async () => {
    const found = await readPreviousReview(writer, seal)
    core.info(
      `${found.stateNote} ${found.comments.size} inline comment(s) of ours.`
    )
    return found
  })
}

/** The pipeline, as the action calls it. */
async function review(
  pullRequest: PullRequest,
  files: ChangedFile[],
  reviewer: Awaited<ReturnType<typeof loadReviewer>>,
  run: ActionRun,
  parts: {
    writer: PullRequestWriter
    earlier: PreviousReview | undefined
    canReview: boolean
    shardFiles?: Awaited<ReturnType<typeof readShardFiles>>
    passes: ReviewRequest['passes']
  }
): Promise<ReviewOutcome> {
  const { settings } = run
  const { writer, earlier, canReview, shardFiles, passes } = parts
  const restating = passes === 'none'
  const repository = restating
    ? undefined
    : await headView(pullRequest, run, canReview)
  const progress = new ProgressLog()
  try {
    return await withGroup('Review', () =>
      reviewChange(
        {
          files,
          // A restatement is of the last review, at the head it reviewed.
          headSha:
            (restating ? earlier?.state?.head : undefined) ??
            pullRequest.headSha,
          attributes: reviewer.attributes,
          subject: subjectOf(pullRequest)
        },
        {
          settings,
          agent: reviewer.agent,
          areas: reviewer.areas,
          model: reviewer.model
        },
        {
          passes,
          client:
            hasModelAccess(settings) && !restating
              ? createAnthropicClient({
                  ...clientOptions(settings),
                  ...CLIENT_POLICY
                })
              : undefined,
          shard: settings.shard,
          shardFiles,
          repository,
          workspace: run.runner.workspace,
          earlier: earlier && {
            state: earlier.state,
            commented: new Map(
              [...earlier.comments].map(([fp, c]) => [fp, c.id])
            )
          },
          changedSince: (head) =>
            writer.changedFilesBetween(head, pullRequest.headSha),
          deadline: deadlineOf(settings.timeBudgetMinutes),
          secrets: run.secrets,
          log: (line) => core.info(line),
          onProgress: (event) => core.info(progress.line(event)),
          onPlan: (planned) =>
            logPlan(planned, reviewer, settings, repository?.origin)
        }
      )
    )
  } catch (error) {
    if (error instanceof FatalReviewError)
      throw new ConfigurationError(
        `${error.message} ${ACTION_FIXES[error.reason]}`,
        { cause: error }
      )
    throw error
  }
}

/** The head for the tools; without a review, only what the checkout has (the plan reads the files' first lines). */
function headView(
  pullRequest: PullRequest,
  run: ActionRun,
  forTools: boolean
): Promise<RepositoryFiles | undefined> {
  return forTools
    ? openRepositoryView(
        run.runner.workspace,
        run.octokit,
        pullRequest,
        pullRequest.headSha,
        { warn: (message) => core.warning(message) }
      )
    : openLocalView(run.runner.workspace, pullRequest.headSha)
}

function logPlan(
  planned: PlannedChange,
  reviewer: { areas: readonly unknown[]; model: string },
  settings: ReviewSettings,
  origin: string | undefined
): void {
  core.info(
    `Plan: ${planned.plan.units.length} unit(s) × ${reviewer.areas.length} area(s), ${planned.plan.reviewedFiles} file(s) reviewed, ${planned.plan.skipped.length} skipped.`
  )
  core.info(
    `Provider ${settings.provider}; model ${reviewer.model}; concurrency ${settings.concurrency}; max ${settings.maxTurns} turns per pass; files from ${origin ?? 'nowhere (plan only)'}.`
  )
}

/** A shard run publishes nothing: it hands its passes to the merge run in a file. */
async function finishShard(
  outcome: ReviewOutcome,
  shard: { index: number; total: number }
): Promise<void> {
  setEmptyOutputs()
  setPlanOutputs(outcome)
  const path = await writeShardFile(shardFileOf(outcome, shard))
  core.setOutput(Outputs.ShardFile, path)
  const line = `Shard ${shard.index}/${shard.total}: ${outcome.passes.length} pass(es), ${outcome.unfinished.length} not complete; its file is ${path}. The merge run publishes the review.`
  core.info(line)
  await writeJobSummary(line)
}

/** How to fix a refused review, in the action's terms. */
const ACTION_FIXES: Record<FatalReason, string> = {
  authentication: 'Check the anthropic-api-key secret.',
  permission:
    'Check that the key (or the provider credentials) may use this model.',
  model: "Check the model input (or the agent's model)."
}

function clientOptions(settings: ReviewSettings) {
  return {
    provider: settings.provider,
    apiKey: settings.anthropicApiKey,
    baseURL: settings.anthropicBaseUrl,
    awsRegion: settings.awsRegion,
    vertexRegion: settings.vertexRegion,
    vertexProjectId: settings.vertexProjectId,
    pacing: settings.requestPacing
  }
}

/** No key: the plan is the result. A fork says so and stays neutral unless fail-on asks for a review. */
async function endWithoutReview(
  outcome: ReviewOutcome,
  pullRequest: PullRequest,
  planReport: string,
  settings: ReviewSettings
): Promise<void> {
  setEmptyOutputs()
  setPlanOutputs(outcome)
  await writeJobSummary(planReport)
  if (settings.dryRun) {
    core.notice(
      'dry-run without an Anthropic API key: the review plan is in the job summary; nothing was reviewed or posted.'
    )
    return
  }
  if (!pullRequest.fromFork)
    throw new ConfigurationError(
      "Input 'anthropic-api-key' is empty and ANTHROPIC_API_KEY is not set. Add the key as a repository secret and pass it: anthropic-api-key: ${{ secrets.ANTHROPIC_API_KEY }}."
    )
  const message =
    'No Anthropic API key: GitHub does not pass secrets to workflows run for pull requests from forks, so nothing was reviewed. The review plan is in the job summary; see the README for a fork-friendly setup.'
  if (settings.failOn !== 'none')
    core.setFailed(
      `${message} fail-on: ${settings.failOn} cannot pass a review that did not run.`
    )
  else core.notice(message)
}

/**
 * Re-reads the PR (it may have closed or moved on while the model worked),
 * then publishes. A GitHub failure here comes after the model was paid: the
 * outputs and the job summary stand, and the message says what happened.
 */
async function publishOutcome(
  outcome: ReviewOutcome,
  pullRequest: PullRequest,
  run: ActionRun,
  parts: PublishParts
): Promise<{
  ids: { reviewId?: number; summaryCommentId?: number }
  notices: string[]
  failure?: string
}> {
  const { writer, earlier, seal } = parts
  const notices = [...parts.notes]
  const paused = outcome.state?.paused
  if (paused)
    notices.push(
      `Automatic reviews are paused (by ${code(paused.by)} on ${paused.at.slice(0, 10)}): pushes are not reviewed until someone with write access comments ${code(`${run.settings.command} resume`)}.`
    )
  if (outcome.unfinished.some((p) => p.reason?.includes('time budget')))
    notices.push(
      `Partial review: the time budget of ${run.settings.timeBudgetMinutes} minute(s) ran out; passes not run are listed below.`
    )
  if (outcome.unfinished.some((p) => p.reason?.includes('max-cost-usd')))
    notices.push(
      `Partial review: max-cost-usd ($${run.settings.maxCostUsd}) was reached at $${(outcome.costUsd ?? 0).toFixed(4)}; passes not run are listed below, and the next run reviews them.`
    )
  try {
    const now = await run.source.getPullRequest(
      pullRequest.owner,
      pullRequest.repo,
      pullRequest.number
    )
    if (now.state === 'closed') {
      const message = `Pull request #${pullRequest.number} was ${now.merged ? 'merged' : 'closed'} during the review; nothing was posted. The findings are in the outputs and below.`
      core.notice(message)
      return { ids: {}, notices: [...notices, message] }
    }
    await takeEditsMadeMeanwhile(outcome, parts, notices)
    if (now.headSha !== pullRequest.headSha)
      notices.push(
        `The branch moved on to ${now.headSha.slice(0, 12)} during the review; these findings are for ${pullRequest.headSha.slice(0, 12)}, and the next run reviews the rest.`
      )
    const result = await withGroup('Publish', () =>
      publishReview({
        writer,
        outcome,
        previous: earlier,
        seal,
        notes: notices,
        dryRun: run.settings.dryRun,
        secrets: run.secrets,
        log: (line) => core.info(line)
      })
    )
    return {
      ids: {
        reviewId: result.reviewId,
        summaryCommentId: result.summaryCommentId
      },
      notices: result.notices
    }
  } catch (error) {
    const failure = `The review ran, but publishing it failed: ${getErrorMessage(error)}. The findings are in the outputs and the job summary; the next run publishes them.`
    return { ids: {}, notices: [...notices, failure], failure }
  }
}

/** Dismissals, a pause or a resume written by a comment run while this run reviewed: taken in, not overwritten. */
async function takeEditsMadeMeanwhile(
  outcome: ReviewOutcome,
  parts: PublishParts,
  notices: string[]
): Promise<void> {
  if (!outcome.state) return
  let current: RunState | undefined
  try {
    current = await currentState(
      parts.writer,
      parts.earlier.summary,
      parts.seal
    )
  } catch (error) {
    core.info(
      `Could not read the summary again before publishing (${getErrorMessage(error)}); edits made meanwhile may be lost.`
    )
    return
  }
  if (!current) return
  const taken = takeConcurrentEdits(outcome.state, outcome.ledger, current, {
    ownPause: parts.setsPause === true
  })
  if (taken > 0)
    notices.push(
      `${taken} finding(s) were dismissed while this review ran: they are listed as dismissed and not posted.`
    )
}

async function readEventPayload(
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

/** When passes must stop: the step's budget less a fifth of it, kept for publishing. Measured from the process's start. */
function deadlineOf(minutes: number | undefined): number | undefined {
  if (minutes === undefined) return undefined
  return performance.timeOrigin + minutes * 60_000 * 0.8
}
