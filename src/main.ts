import { openActionRun, readEventPayload } from './action/action-run.js'
import { runCommentEvent } from './action/comment-event.js'
import { reviewPullRequest } from './action/review-run.js'
import { runnerStep } from './action/runner-step.js'
import type { Step } from './action/step.js'
import { COMMENT_EVENTS } from './conversation/comment-trigger.js'
import { ConfigurationError, getErrorMessage } from './errors.js'
import { emptyOutputs, setOutputs } from './publish/action-outputs.js'
import {
  PULL_REQUEST_EVENTS,
  resolveReviewTarget
} from './pull-request/pull-request-context.js'
import { readRunnerContext } from './runner-context.js'
import { readSettings } from './settings.js'

/**
 * The action: reads the settings and the event, and hands the event to one
 * run kind — a comment (a command, or an answer in one of our threads), or
 * a review of the pull request (a shard's share of it with `shard`, the
 * merge of the shards with `merge-from`). The one place that turns a thrown
 * error into a failed step.
 */
export async function run(step: Step = runnerStep()): Promise<void> {
  try {
    const settings = readSettings()
    const runner = readRunnerContext()
    const actionRun = await openActionRun(settings, runner, step)
    const event = await readEventPayload(runner.eventPath)
    if (COMMENT_EVENTS.includes(runner.eventName))
      return await runCommentEvent(event.payload, actionRun)
    const target = await step.log.group('Pull request', () =>
      resolveReviewTarget(
        {
          name: runner.eventName,
          payload: event.payload,
          payloadProblem: event.problem,
          owner: runner.owner,
          repo: runner.repo
        },
        actionRun.settings,
        actionRun.source
      )
    )
    if (target.kind === 'skip') {
      step.log.notice(target.reason)
      setOutputs(step.setOutput, emptyOutputs())
      await step.summarize(`architect-review: ${target.reason}`)
      return
    }
    const result = await reviewPullRequest(target.pullRequest, actionRun, {
      passes: 'due',
      automatic: PULL_REQUEST_EVENTS.includes(runner.eventName)
    })
    if (result.failure) step.fail(result.failure)
  } catch (error) {
    step.fail(
      error instanceof ConfigurationError
        ? `Configuration error: ${error.message}`
        : `architect-review failed: ${getErrorMessage(error)}`
    )
  }
}
