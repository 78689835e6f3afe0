import { getErrorMessage } from '../errors.js'
import type { StateSeal } from '../findings/run-state.js'
import type { Logger } from '../logging.js'
import type { ConversationWriter } from '../github/pull-request-writer-types.js'
import { readPreviousReview } from '../publish/previous-review.js'
import type { PreviousReview } from '../publish/previous-review.js'
import type { PullRequest } from '../pull-request/pull-request.js'
import type { ThreadAnswer } from '../review/thread-answer.js'
import type { ThreadQuestion } from '../review/thread-prompt.js'
import type { ReviewSettings } from '../settings.js'
import { safeInline, safeProse } from '../text/sanitize.js'
import { helpText, parseCommand } from './command.js'
import {
  answered,
  boundedAnswer,
  ourThread,
  reply,
  threadOf
} from './replies.js'
import type { OurThread } from './replies.js'
import type { Command } from './command.js'
import type { CommentTrigger } from './comment-trigger.js'
import { dismiss, pause, resume } from './state-edits.js'
import type { StateEdit } from './state-edits.js'

/** Permissions whose holders may command the action (collaborator-permission API). */
export const COMMANDING_PERMISSIONS = ['admin', 'maintain', 'write']

/** The login dismissals and withdrawals by the agent itself are recorded under. */
export const AGENT_LOGIN = 'architect-review'

/** What a run of the pipeline is asked to do. */
export interface ReviewRequest {
  passes: 'due' | 'all' | 'none'
  /** Areas a command asked for; empty: the settings'. */
  areas?: string[]
  /** A change to the run state made before publishing (a pause, a dismissal). */
  editState?: StateEdit
  /** A pull_request event: a paused pull request is skipped. */
  automatic?: boolean
  /** This run pauses or resumes: its word stands over one written while it ran. */
  setsPause?: boolean
  /** A sentence for the top of the summary. */
  note?: string
  /** What earlier runs left, when the caller has just read it (not read twice). */
  earlier?: PreviousReview
}

/** How a run of the pipeline ended, for the reaction and the reply. */
export interface ReviewRunResult {
  /** Why the work asked for was not done (the step fails); undefined when it was. */
  failure?: string
  /** The review ran but did not finish (the gate decides the step; the reaction says so). */
  incomplete?: string
}

/** What answering a comment needs; the action wires it to GitHub and the model. */
export interface CommentRun {
  settings: Pick<
    ReviewSettings,
    'command' | 'answerReplies' | 'dryRun' | 'areas'
  >
  trigger: CommentTrigger
  writer: ConversationWriter
  log: Logger
  /** Adds a paragraph to the job summary. */
  summarize(markdown: string): Promise<void>
  /** Fails the step with this message. */
  fail(message: string): void
  /** The clock, for when the agent withdraws a finding. */
  now(): Date
  /** Seals the state; undefined when the run has no secret to verify one with. */
  seal?: StateSeal
  /** Whether the model can be called (a key, or a cloud provider). */
  canAnswer: boolean
  secrets: readonly string[]
  getPullRequest(): Promise<PullRequest>
  /** The agent's area ids, for help. */
  areaIds(): Promise<string[]>
  /** The pipeline and publishing, as a pull_request run makes them. */
  review(
    pullRequest: PullRequest,
    request: ReviewRequest
  ): Promise<ReviewRunResult>
  /** The agent's answer in a thread (it fills in the subject and the code). */
  answer(
    pullRequest: PullRequest,
    question: Omit<ThreadQuestion, 'subject' | 'code'>
  ): Promise<ThreadAnswer>
}

/** What the comment asks for, once it is known to be for us. */
type Work =
  { kind: 'command'; command: Command } | ({ kind: 'answer' } & OurThread)

/**
 * Answers a PR comment: a command (review, full, pause, resume, help,
 * dismiss) or a reply in the thread of one of our inline comments. Only
 * users with write access are heard; everyone else is ignored with a log
 * line. 👀 when work starts, 🚀 when it is done, 😕 when it failed.
 */
export async function answerComment(run: CommentRun): Promise<void> {
  const { trigger, settings } = run
  const command = parseCommand(trigger.body, settings.command)
  const maybeAnswer = !command && trigger.kind === 'review' && trigger.isReply
  if (!command && !(maybeAnswer && settings.answerReplies)) {
    run.log.info(
      `Comment ${trigger.commentId} is not a ${settings.command} command${maybeAnswer ? ' (answer-replies is off)' : ''}; nothing to do.`
    )
    return
  }
  if (trigger.kind === 'review' && trigger.fromFork) {
    run.log.notice(FORK_NOTICE(settings.command))
    return
  }
  const permission = await run.writer.permissionOf(trigger.author)
  if (!COMMANDING_PERMISSIONS.includes(permission)) {
    run.log.info(
      `Ignored comment ${trigger.commentId}: ${trigger.author} has '${permission}' permission on the repository; only write, maintain and admin are heard.`
    )
    return
  }
  const previous = await readPreviousReview(run.writer, run.seal)
  if (trigger.author === previous.self) {
    run.log.info('Ignored: the comment is our own.')
    return
  }
  const thread = command ? undefined : ourThread(trigger, previous)
  const work: Work | undefined = command
    ? { kind: 'command', command }
    : thread && { kind: 'answer', ...thread }
  if (!work) {
    run.log.info(
      `Comment ${trigger.commentId} replies in a thread that is not one of our findings; nothing to do.`
    )
    return
  }
  run.log.info(
    `Comment ${trigger.commentId} by ${trigger.author} (${permission}): ${work.kind === 'answer' ? `a reply in the thread of finding ${work.fp}` : `the ${work.command.name} command`}.`
  )
  await withReactions(run, () => carryOut(run, work, previous))
}

const FORK_NOTICE = (command: string): string =>
  `This pull request comes from a fork: GitHub runs pull_request_review_comment workflows for fork pull requests with a read-only token and no secrets, so architect-review cannot answer here. Comment \`${command}\` on the pull request's conversation instead (issue_comment runs in the base repository); see the README's fork-safe setup.`

/** 👀, the work, then 🚀 — or 😕 and a failed step that says why. */
async function withReactions(
  run: CommentRun,
  work: () => Promise<WorkResult>
): Promise<void> {
  const { trigger, writer } = run
  const react = async (content: 'eyes' | 'rocket' | 'confused') => {
    try {
      await writer.react(trigger.kind, trigger.commentId, content)
    } catch (error) {
      run.log.info(`Could not react ${content} (${getErrorMessage(error)}).`)
    }
  }
  await react('eyes')
  let result: WorkResult
  try {
    result = await work()
  } catch (error) {
    result = { failure: getErrorMessage(error) }
  }
  const problem = result.failure ?? result.incomplete
  const about = `comment ${trigger.commentId} by ${trigger.author}`
  if (problem) {
    await react('confused')
    const line = `architect-review could not ${result.failure ? 'carry out' : 'finish'} ${about}: ${problem}.`
    run.log.error(line)
    await run.summarize(`> ${line}`)
    if (result.failure) run.fail(result.failure)
    return
  }
  await react(result.confused ? 'confused' : 'rocket')
  await run.summarize(
    `> architect-review, ${about}: ${result.done ?? (result.confused ? 'refused; the reply says why' : 'done')}.`
  )
}

/** How a comment's work ended: done, failed, unfinished, or refused as asked (😕 without a failure). */
type WorkResult = ReviewRunResult & {
  confused?: boolean
  /** What was done, for the job summary. */
  done?: string
}

async function carryOut(
  run: CommentRun,
  work: Work,
  previous: PreviousReview
): Promise<WorkResult> {
  const pullRequest = await run.getPullRequest()
  if (pullRequest.state === 'closed') {
    run.log.notice(
      `Pull request #${pullRequest.number} is ${pullRequest.merged ? 'merged' : 'closed'}; comments on it start nothing.`
    )
    return { confused: true }
  }
  if (work.kind === 'answer')
    return answerInThread(run, pullRequest, work, previous)
  return runCommand(run, pullRequest, work.command, previous)
}

async function runCommand(
  run: CommentRun,
  pullRequest: PullRequest,
  command: Command,
  previous: PreviousReview
): Promise<WorkResult> {
  const { trigger, settings } = run
  const by = trigger.author
  // The earlier review was read a moment ago: the pipeline takes it as it is.
  const review = (request: ReviewRequest) =>
    run.review(pullRequest, { earlier: previous, ...request })
  switch (command.name) {
    case 'review':
      return review({
        passes: 'due',
        areas: command.areas,
        note: `Reviewed on request of ${by}${command.areas.length ? ` (areas: ${command.areas.join(', ')})` : ''}.`
      })
    case 'full':
      return review({
        passes: 'all',
        note: `Full review on request of ${by}.`
      })
    case 'pause':
    case 'resume':
      if (!run.seal) return noSecret(run, previous, command.name)
      return review({
        passes: 'none',
        setsPause: true,
        editState:
          command.name === 'pause' ? pause(by, trigger.createdAt) : resume(),
        // The summary shows a pause from the state itself.
        note: command.name === 'resume' ? `Resumed by ${by}.` : undefined
      })
    case 'help':
      await reply(
        run,
        previous,
        helpText(settings.command, await run.areaIds())
      )
      return {}
    case 'dismiss':
      return dismissFinding(run, pullRequest, command.reason, previous)
    case 'unknown':
    case 'malformed': {
      const problem =
        command.name === 'unknown'
          ? `Unknown command \`${safeInline(command.word)}\`.`
          : safeProse(command.problem)
      await reply(
        run,
        previous,
        `${problem}\n\n${helpText(settings.command, await run.areaIds())}`
      )
      return { confused: true }
    }
  }
}

/** Pause, resume and dismissals live in the sealed state: without a secret there is none. */
async function noSecret(
  run: CommentRun,
  previous: PreviousReview,
  what: string
): Promise<{ confused: true }> {
  await reply(
    run,
    previous,
    `Cannot ${what}: the workflow gives architect-review no secret to keep its state with. Pass \`anthropic-api-key\` (or \`state-secret\`) to the step.`
  )
  return { confused: true }
}

/** `dismiss <reason>` in the thread of one of our findings. */
async function dismissFinding(
  run: CommentRun,
  pullRequest: PullRequest,
  reason: string,
  previous: PreviousReview
): Promise<WorkResult> {
  const thread =
    run.trigger.kind === 'review' ? ourThread(run.trigger, previous) : undefined
  if (!thread) {
    await reply(
      run,
      previous,
      `\`dismiss\` works in the thread of one of architect-review's inline comments: reply there with \`${run.settings.command} dismiss <reason>\`.`
    )
    return { confused: true }
  }
  if (!run.seal) return noSecret(run, previous, 'dismiss')
  return withdraw(
    run,
    pullRequest,
    thread,
    { by: run.trigger.author, reason, at: run.trigger.createdAt },
    previous
  )
}

/**
 * Records the dismissal in the state (the summary is written again from
 * it), then closes the thread: resolved, or minimized as resolved where
 * the token may not resolve.
 */
async function withdraw(
  run: CommentRun,
  pullRequest: PullRequest,
  thread: OurThread,
  dismissal: { by: string; reason: string; at: string },
  previous: PreviousReview
): Promise<WorkResult> {
  const restated = await run.review(pullRequest, {
    earlier: previous,
    passes: 'none',
    editState: dismiss({
      fp: thread.fp,
      path: thread.top.path ?? '',
      ...dismissal
    }),
    note: `A finding was dismissed by ${dismissal.by}.`
  })
  if (restated.failure)
    return { failure: `the dismissal was not recorded: ${restated.failure}` }
  if (run.settings.dryRun) return {}
  const closed = await run.writer
    .closeThread(thread.top.id, thread.top.nodeId)
    .catch((error: unknown) => {
      throw new Error(
        `the dismissal is recorded, but closing its thread failed: ${getErrorMessage(error)}`,
        { cause: error }
      )
    })
  // One line, escaped: a reason cannot start a workflow command (`::…`) in the log.
  run.log.info(
    `Dismissed finding ${thread.fp} (${closed} its thread): ${safeInline(dismissal.reason)}`
  )
  return {}
}

/** A reply in one of our threads: the agent answers there, once, and may withdraw its finding. */
async function answerInThread(
  run: CommentRun,
  pullRequest: PullRequest,
  work: OurThread,
  previous: PreviousReview
): Promise<WorkResult> {
  const { trigger } = run
  if (answered(previous.reviewComments, previous.self, trigger.commentId)) {
    run.log.info(`Comment ${trigger.commentId} was answered already.`)
    return {}
  }
  if (!run.canAnswer)
    return {
      failure:
        "answering needs the model: pass 'anthropic-api-key' (or a cloud provider) to the step"
    }
  const finding = previous.state?.findings.find((f) => f.fp === work.fp)
  const answer = await run.answer(pullRequest, {
    finding: {
      path: work.top.path ?? finding?.path ?? '',
      line: work.top.line ?? finding?.line ?? 1,
      title: finding?.title ?? '',
      severity: finding?.severity ?? 'unknown',
      areas: finding?.areas ?? []
    },
    thread: threadOf(work.top, previous, trigger)
  })
  run.log.info(
    `Answered comment ${trigger.commentId} in ${answer.turns} turn(s)${answer.costUsd !== undefined ? ` for $${answer.costUsd.toFixed(4)}` : ''}${answer.withdraw ? `; the finding is withdrawn: ${safeInline(answer.reason, run.secrets)}` : ''}.`
  )
  const reason = safeInline(answer.reason, run.secrets)
  const withdrawal = !answer.withdraw
    ? ''
    : run.seal
      ? `\n\n_Withdrawn: ${reason}_`
      : `\n\n_This finding does not stand (${reason}), but it cannot be withdrawn: the workflow gives architect-review no \`state-secret\` or \`anthropic-api-key\` to record it with._`
  await reply(
    run,
    previous,
    `${boundedAnswer(answer.answer, run.secrets)}${withdrawal}`
  )
  const done = `answered in ${answer.turns} turn(s)${answer.costUsd !== undefined ? ` for $${answer.costUsd.toFixed(4)}` : ''}`
  if (!answer.withdraw || !run.seal) return { done }
  const withdrawn = await withdraw(
    run,
    pullRequest,
    work,
    { by: AGENT_LOGIN, reason: answer.reason, at: run.now().toISOString() },
    previous
  )
  return { ...withdrawn, done: `${done}; the finding is withdrawn` }
}
