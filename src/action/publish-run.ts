import type { ReviewRunResult } from '../conversation/comment-run.js'
import type { ChangedFile } from '../diff/types.js'
import { ConfigurationError, getErrorMessage } from '../errors.js'
import type { StateSeal } from '../findings/run-state.js'
import { gate } from '../findings/gate.js'
import type { PullRequestWriter } from '../github/pull-request-writer-types.js'
import { takeConcurrentEdits } from '../outcome/next-state.js'
import type {
  ReviewedOutcome,
  ReviewOutcome
} from '../outcome/review-outcome.js'
import { renderPlan } from '../plan/plan-report.js'
import {
  findingsOutputs,
  planOutputs,
  setOutputs
} from '../publish/action-outputs.js'
import {
  currentState,
  editedSince as editedSinceRead
} from '../publish/previous-review.js'
import type { PreviousReview, SummaryNow } from '../publish/previous-review.js'
import { publishReview } from '../publish/publish-review.js'
import type { MergedSummary } from '../publish/publish-review.js'
import { referenceOf } from '../pull-request/pull-request.js'
import type { PullRequest } from '../pull-request/pull-request.js'
import { partialNotices } from '../report/partial-notices.js'
import { renderReview } from '../report/review-report.js'
import type { ActionRun } from './action-run.js'

/** What publishing a review needs besides the outcome. */
export interface PublishParts {
  writer: PullRequestWriter
  earlier: PreviousReview
  seal: StateSeal
  /** Every changed file GitHub listed (the plan report counts the unlisted). */
  files: readonly ChangedFile[]
  /** Sentences for the top of the summary. */
  notes: string[]
  /** This run pauses or resumes: its word stands over one written meanwhile. */
  setsPause?: boolean
}

/** Where publishing got to: the outcome as published, the ids it made, notices for the summaries, and a failure after the model was paid. */
interface Published {
  outcome: ReviewedOutcome
  ids: { reviewId?: number; summaryCommentId?: number }
  notices: string[]
  failure?: string
}

/** The review and summary on the PR, then outputs (once), the job summary and the gate. */
export async function publishAndGate(
  reviewed: ReviewedOutcome,
  pullRequest: PullRequest,
  run: ActionRun,
  parts: PublishParts
): Promise<ReviewRunResult> {
  const { settings, step } = run
  const published = await publishOutcome(reviewed, pullRequest, run, parts)
  const { outcome } = published
  setOutputs(
    step.setOutput,
    await findingsOutputs(
      outcome,
      referenceOf(pullRequest),
      run.secrets,
      published.ids
    )
  )
  const report = renderReview(outcome, run.secrets)
  step.log.info(report)
  await step.summarize(
    report,
    published.notices.map((n) => `> ${n}`).join('\n\n'),
    planReportOf(outcome, pullRequest, parts.files)
  )
  const verdict = gate({
    ledger: outcome.ledger,
    unfinished: outcome.unfinished,
    failOn: settings.failOn
  })
  if (verdict.warning) step.log.warning(verdict.warning)
  if (verdict.failed && !published.failure) step.fail(verdict.message!)
  const unrecorded =
    outcome.kind === 'restated' &&
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

/** The plan as the job summary shows it. */
export function planReportOf(
  outcome: ReviewOutcome,
  pullRequest: PullRequest,
  files: readonly ChangedFile[]
): string {
  return renderPlan(
    outcome.planned.plan,
    outcome.planned.estimate,
    outcome.areas,
    {
      title: `PR #${pullRequest.number}`,
      headSha: pullRequest.headSha,
      unlistedFiles: Math.max(0, pullRequest.changedFiles - files.length)
    }
  )
}

/**
 * Re-reads the PR (it may have closed or moved on while the model worked),
 * then publishes. A GitHub failure here comes after the model was paid: it
 * is returned, not thrown, so the outputs and the job summary still stand.
 */
async function publishOutcome(
  outcome: ReviewedOutcome,
  pullRequest: PullRequest,
  run: ActionRun,
  parts: PublishParts
): Promise<Published> {
  const { step } = run
  const notices = [...parts.notes, ...partialNotices(outcome, run.settings)]
  try {
    const now = await run.source.getPullRequest(
      pullRequest.owner,
      pullRequest.repo,
      pullRequest.number
    )
    if (now.state === 'closed') {
      const message = `Pull request #${pullRequest.number} was ${now.merged ? 'merged' : 'closed'} during the review; nothing was posted. The findings are in the outputs and below.`
      step.log.notice(message)
      return { outcome, ids: {}, notices: [...notices, message] }
    }
    const { outcome: current } = await takeEditsMadeMeanwhile(
      outcome,
      parts,
      notices,
      run
    )
    if (now.headSha !== pullRequest.headSha)
      notices.push(
        `The branch moved on to ${now.headSha.slice(0, 12)} during the review; these findings are for ${pullRequest.headSha.slice(0, 12)}, and the next run reviews the rest.`
      )
    const result = await step.log.group('Publish', () =>
      publishReview({
        writer: parts.writer,
        outcome: current,
        previous: parts.earlier,
        seal: parts.seal,
        notes: notices,
        dryRun: run.settings.dryRun,
        secrets: run.secrets,
        log: step.log,
        // Read again right before the summary is written: edits made while
        // the review was posted are taken in too.
        beforeSummary: (placed, summaryNotices) =>
          takeEditsMadeMeanwhile(placed, parts, summaryNotices, run)
      })
    )
    return {
      outcome: result.outcome,
      ids: {
        reviewId: result.reviewId,
        summaryCommentId: result.summaryCommentId
      },
      notices: result.notices
    }
  } catch (error) {
    const failure = `The review ran, but publishing it failed: ${getErrorMessage(error)}. The findings are in the outputs and the job summary; the next run publishes them.`
    return { outcome, ids: {}, notices: [...notices, failure], failure }
  }
}

/**
 * Dismissals, a pause or a resume written by a comment run while this run
 * reviewed: taken in, not overwritten; with the check that nothing was
 * written after this read.
 */
async function takeEditsMadeMeanwhile(
  outcome: ReviewedOutcome,
  parts: PublishParts,
  notices: string[],
  run: ActionRun
): Promise<MergedSummary> {
  let now: SummaryNow | undefined
  try {
    now = await currentState(parts.writer, parts.earlier.summary, parts.seal)
  } catch (error) {
    run.step.log.info(
      `Could not read the summary again before publishing (${getErrorMessage(error)}); edits made meanwhile may be lost.`
    )
    return { outcome }
  }
  if (!now) return { outcome }
  const read = now.comment
  const editedSince = () => editedSinceRead(parts.writer, read)
  if (!now.state) return { outcome, editedSince }
  const { state, ledger, taken } = takeConcurrentEdits(
    outcome.state,
    outcome.ledger,
    now.state,
    { ownPause: parts.setsPause === true }
  )
  if (taken > 0)
    notices.push(
      `${taken} finding(s) were dismissed while this review ran: they are listed as dismissed and not posted.`
    )
  return { outcome: { ...outcome, state, ledger }, editedSince }
}

/** No model: the plan is the result. A fork says so and stays neutral unless fail-on asks for a review. */
export async function endWithoutReview(
  outcome: ReviewOutcome,
  pullRequest: PullRequest,
  files: readonly ChangedFile[],
  run: ActionRun
): Promise<ReviewRunResult> {
  const { settings, step } = run
  setOutputs(step.setOutput, planOutputs(outcome))
  await step.summarize(planReportOf(outcome, pullRequest, files))
  if (settings.dryRun) {
    step.log.notice(
      'dry-run without an Anthropic API key: the review plan is in the job summary; nothing was reviewed or posted.'
    )
    return { incomplete: 'nothing was reviewed' }
  }
  if (!pullRequest.fromFork)
    throw new ConfigurationError(
      "Input 'anthropic-api-key' is empty and ANTHROPIC_API_KEY is not set. Add the key as a repository secret and pass it: anthropic-api-key: ${{ secrets.ANTHROPIC_API_KEY }}."
    )
  const message =
    'No Anthropic API key: GitHub does not pass secrets to workflows run for pull requests from forks, so nothing was reviewed. The review plan is in the job summary; see the README for a fork-friendly setup.'
  if (settings.failOn !== 'none')
    step.fail(
      `${message} fail-on: ${settings.failOn} cannot pass a review that did not run.`
    )
  else step.log.notice(message)
  return { incomplete: 'nothing was reviewed' }
}
