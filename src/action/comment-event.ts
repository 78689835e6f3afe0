import { answerComment } from '../conversation/comment-run.js'
import { readCommentTrigger } from '../conversation/comment-trigger.js'
import { resolveReviewer } from '../front-end/reviewer.js'
import { emptyOutputs, setOutputs } from '../publish/action-outputs.js'
import { referenceOf } from '../pull-request/pull-request.js'
import { hasModelAccess } from '../settings.js'
import { stateSeal } from './action-run.js'
import type { ActionRun } from './action-run.js'
import { answerInThread } from './answer-run.js'
import { reviewPullRequest } from './review-run.js'

/**
 * A comment on a pull request: a command, or a reply in one of our threads.
 * The payload gives the comment; everything else is read from GitHub. A
 * comment that starts no review still sets every output (empty).
 */
export async function runCommentEvent(
  payload: Record<string, unknown>,
  run: ActionRun
): Promise<void> {
  const { step } = run
  const reading = readCommentTrigger(run.runner.eventName, payload)
  if (reading.kind === 'ignore') {
    step.log.info(`Nothing to do: ${reading.reason}.`)
    setOutputs(step.setOutput, emptyOutputs())
    return
  }
  const { trigger } = reading
  const { owner, repo } = run.runner
  const pullRequestRef = { owner, repo, number: trigger.pullNumber }
  let reviewed = false
  const seal = stateSeal(run.settings, referenceOf(pullRequestRef))
  await answerComment({
    settings: run.settings,
    trigger,
    writer: run.writerFor(pullRequestRef),
    log: step.log,
    summarize: (markdown) => step.summarize(markdown),
    fail: (message) => step.fail(message),
    now: run.now,
    seal: seal.trusted ? seal : undefined,
    canAnswer: hasModelAccess(run.settings),
    secrets: run.secrets,
    getPullRequest: () =>
      run.source.getPullRequest(owner, repo, trigger.pullNumber),
    areaIds: async () =>
      (
        await resolveReviewer(
          { ...run.settings, areas: [] },
          { repositoryRoot: run.runner.workspace }
        )
      ).areas.map((a) => a.id),
    review: (pullRequest, request) => {
      reviewed = true
      return reviewPullRequest(pullRequest, run, request)
    },
    answer: (pullRequest, question) =>
      answerInThread(pullRequest, question, run)
  })
  if (!reviewed) setOutputs(step.setOutput, emptyOutputs())
}
