import type {
  ReviewRequest,
  ReviewRunResult
} from '../conversation/comment-run.js'
import { GitAttributes } from '../diff/git-attributes.js'
import { REVIEW_CONFIG_PATH } from '../findings/ignore-list.js'
import { parseReviewConfig } from '../findings/declared-layers.js'
import type { ReviewConfig } from '../findings/declared-layers.js'
import type { ChangedFile } from '../diff/types.js'
import { ConfigurationError } from '../errors.js'
import type { RunState } from '../findings/run-state.js'
import { hasModelAccess } from '../settings.js'
import type { SettingNames } from '../settings.js'
import { resolveReviewer } from '../front-end/reviewer.js'
import type { Reviewer } from '../front-end/reviewer.js'
import { deadlineOf } from '../front-end/time-budget.js'
import type { PullRequestWriter } from '../github/pull-request-writer-types.js'
import {
  openLocalView,
  openRepositoryView,
  readWorkspaceText,
  readTextFile
} from '../github/repository-view.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import { reviewChange } from '../pipeline/review-change.js'
import type { ShardFile } from '../outcome/shard-file.js'
import { emptyOutputs, setOutputs } from '../publish/action-outputs.js'
import { readPreviousReview } from '../publish/previous-review.js'
import type { PreviousReview } from '../publish/previous-review.js'
import { configSource } from '../pull-request/config-source.js'
import { referenceOf, subjectOf } from '../pull-request/pull-request.js'
import type { PullRequest } from '../pull-request/pull-request.js'
import { ProgressLog } from '../report/progress-log.js'
import type { FatalReason } from '../review/model-client.js'
import { FatalReviewError } from '../review/review-runner.js'
import { headView, stateSeal } from './action-run.js'
import type { ActionRun } from './action-run.js'
import { readMergeInput } from './merge-run.js'
import { endWithoutReview, publishAndGate } from './publish-run.js'
import { finishShard } from './shard-run.js'

/** The reviewer, .gitattributes and the ignore list, with a note when read from the base. */
export type ActionReviewer = Reviewer &
  ReviewConfig & { attributes: GitAttributes; notes: string[] }

/**
 * One review of a pull request, as `request` asks: the passes due, all of
 * them, or none (the last review restated after a pause or a dismissal);
 * then, by what the pipeline produced, a shard file, the plan alone, or the
 * published review and the gate. Says how it ended, for a comment's reaction.
 */
export async function reviewPullRequest(
  pullRequest: PullRequest,
  run: ActionRun,
  request: ReviewRequest
): Promise<ReviewRunResult> {
  const { settings, step } = run
  const reference = referenceOf(pullRequest)
  step.log.info(
    `Reviewing ${reference} "${pullRequest.title}" at ${pullRequest.headSha}`
  )
  const files = await step.log.group('Changed files', async () => {
    const listed = await run.source.listFiles(
      pullRequest.owner,
      pullRequest.repo,
      pullRequest.number
    )
    step.log.info(`${listed.length} files listed by GitHub`)
    return listed
  })
  const reviewer = await loadReviewer(pullRequest, files, run, request.areas)
  const shardFiles = await readMergeInput(run)
  const restating = request.passes === 'none'
  const seal = stateSeal(settings, reference)
  if (restating && !seal.trusted)
    return { failure: 'there is no secret to keep the run state with' }
  // A merge reviews from its shards' files; it needs the model only to verify.
  const canReview =
    restating || hasModelAccess(settings) || shardFiles !== undefined
  const writer = run.writerFor(pullRequest)
  const read = canReview
    ? (request.earlier ??
      (await readEarlier(writer, seal.trusted ? seal : undefined, run)))
    : undefined
  if (request.automatic && read?.state?.paused)
    return skipPaused(pullRequest, read.state.paused, run)
  const earlier =
    read && request.editState
      ? { ...read, state: request.editState(read.state, pullRequest.headSha) }
      : read
  const outcome = await review(pullRequest, files, reviewer, run, {
    writer,
    earlier,
    canReview,
    shardFiles,
    passes: request.passes
  })
  if (outcome.kind === 'shard') return finishShard(outcome, run)
  if (outcome.kind === 'planned')
    return endWithoutReview(outcome, pullRequest, files, run)
  return publishAndGate(outcome, pullRequest, run, {
    writer,
    earlier: earlier!,
    seal,
    files,
    notes: [...reviewer.notes, ...(request.note ? [request.note] : [])],
    setsPause: request.setsPause
  })
}

/** A command's areas are named as the command's, not as the input's. */
const COMMAND_AREAS: SettingNames = {
  label: () => 'The command',
  example: (_input, value) => `review ${value}`
}

/** The agent, its areas and model, and .gitattributes — from the base commit when the PR may not choose them. */
export async function loadReviewer(
  pullRequest: PullRequest,
  files: readonly ChangedFile[],
  run: ActionRun,
  requestedAreas: string[] = []
): Promise<ActionReviewer> {
  const { settings, runner, step } = run
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
    const note = `The reviewer's configuration (agent file, .gitattributes, ${REVIEW_CONFIG_PATH}) was read from the base commit ${pullRequest.baseSha.slice(0, 12)} because ${config.reason}.`
    notes.push(note)
    step.log.info(note)
  }
  const reviewer = await resolveReviewer(
    settings,
    {
      repositoryRoot: runner.workspace,
      readRepositoryFile: readBase,
      readFrom: `the base commit ${pullRequest.baseSha.slice(0, 12)}`
    },
    { areas: requestedAreas, names: COMMAND_AREAS }
  )
  for (const warning of reviewer.warnings) step.log.warning(warning)
  step.log.debug(
    `Agent ${reviewer.agent.source}: ignored frontmatter keys: ${reviewer.agent.ignoredKeys.join(', ') || 'none'}`
  )
  const read = (path: string) =>
    readBase ? readBase(path) : readWorkspaceText(runner.workspace, path)
  return {
    ...reviewer,
    attributes: new GitAttributes((await read('.gitattributes')) ?? ''),
    ...parseReviewConfig(await read(REVIEW_CONFIG_PATH)),
    notes
  }
}

function readEarlier(
  writer: PullRequestWriter,
  seal: Parameters<typeof readPreviousReview>[1],
  run: ActionRun
): Promise<PreviousReview> {
  return run.step.log.group('Earlier reviews', async () => {
    const found = await readPreviousReview(writer, seal)
    run.step.log.info(
      `${found.stateNote} ${found.comments.size} inline comment(s) of ours.`
    )
    return found
  })
}

/** `pause` holds: an automatic run reviews nothing and says how to resume. */
async function skipPaused(
  pullRequest: PullRequest,
  paused: NonNullable<RunState['paused']>,
  run: ActionRun
): Promise<ReviewRunResult> {
  const { command, failOn } = run.settings
  const message = `Automatic reviews of pull request #${pullRequest.number} are paused (by ${paused.by} on ${paused.at.slice(0, 10)}); nothing at ${pullRequest.headSha.slice(0, 12)} was reviewed. Comment '${command} resume' to resume them, or '${command}' to review once.`
  run.step.log.notice(message)
  setOutputs(run.step.setOutput, emptyOutputs())
  await run.step.summarize(`architect-review: ${message}`)
  // A gate cannot pass a head nobody reviewed.
  return failOn === 'none'
    ? {}
    : {
        failure: `fail-on: ${failOn} cannot pass while automatic reviews are paused: nothing at this head was reviewed.`
      }
}

/** The pipeline, as the action calls it. */
async function review(
  pullRequest: PullRequest,
  files: ChangedFile[],
  reviewer: ActionReviewer,
  run: ActionRun,
  parts: {
    writer: PullRequestWriter
    earlier: PreviousReview | undefined
    canReview: boolean
    shardFiles?: ReadonlyArray<{ source: string; file: ShardFile }>
    passes: ReviewRequest['passes']
  }
): Promise<ReviewOutcome> {
  const { settings, step } = run
  const { writer, earlier, canReview, shardFiles, passes } = parts
  const restating = passes === 'none'
  const repository = restating
    ? undefined
    : await headView(pullRequest, run, canReview)
  const progress = new ProgressLog()
  try {
    return await step.log.group('Review', () =>
      reviewChange(
        {
          files,
          // A restatement is of the last review, at the head it reviewed.
          headSha:
            (restating ? earlier?.state?.head : undefined) ??
            pullRequest.headSha,
          attributes: reviewer.attributes,
          ignored: reviewer.ignored,
          layers: reviewer.layers,
          subject: subjectOf(pullRequest)
        },
        { settings, ...reviewer },
        {
          passes,
          client:
            hasModelAccess(settings) && !restating
              ? run.modelClient()
              : undefined,
          shard: settings.shard,
          shardFiles,
          repository,
          // Without the base's objects, every marker counts as the change's own.
          openBase: () =>
            openLocalView(run.runner.workspace, pullRequest.baseSha),
          workspace: run.runner.workspace,
          earlier: earlier && {
            state: earlier.state,
            commented: new Map(
              [...earlier.comments].map(([fp, c]) => [fp, c.id])
            )
          },
          changedSince: changesSince(writer, pullRequest, step.log),
          deadline: deadlineOf(settings.timeBudgetMinutes),
          secrets: run.secrets,
          log: (line) => step.log.info(line),
          onProgress: (event) => step.log.info(progress.line(event)),
          onPlan: (planned) => {
            step.log.info(
              `Plan: ${planned.plan.units.length} unit(s) × ${reviewer.areas.length} area(s), ${planned.plan.reviewedFiles} file(s) reviewed, ${planned.plan.skipped.length} skipped.`
            )
            step.log.info(
              `Provider ${settings.provider}; model ${reviewer.model}; concurrency ${settings.concurrency}; max ${settings.maxTurns} turns per pass; ${repository ? `files from ${repository.origin}` : 'no files read (plan only)'}.`
            )
          }
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

/** What changed on the way to this head; an unknown answer is said in the log, since it makes every pass due. */
function changesSince(
  writer: PullRequestWriter,
  pullRequest: PullRequest,
  log: ActionRun['step']['log']
) {
  return async (head: string): Promise<string[] | undefined> => {
    const files = await writer.changedFilesBetween(head, pullRequest.headSha)
    if (!files)
      log.info(
        `What changed since ${head.slice(0, 12)} is unknown (${pullRequest.headSha.slice(0, 12)} does not descend from it, or GitHub cannot compare them): every pass it covered is due again.`
      )
    return files
  }
}

/** How to fix a refused review, in the action's terms. */
const ACTION_FIXES: Record<FatalReason, string> = {
  authentication: 'Check the anthropic-api-key secret.',
  permission:
    'Check that the key (or the provider credentials) may use this model.',
  model: "Check the model input (or the agent's model)."
}
