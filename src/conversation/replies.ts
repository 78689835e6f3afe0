/** Our replies to PR comments: posted once each (found again by their marker), cut to size, in the place the comment was made. */
import type { ExistingComment } from '../github/pull-request-writer-types.js'
import { fit } from '../publish/comment-body.js'
import { fingerprintOf } from '../publish/markers.js'
import type { PreviousReview } from '../publish/previous-review.js'
import { MAX_ANSWER_CHARS } from '../review/thread-answer.js'
import type { ThreadQuestion } from '../review/thread-prompt.js'
import { safeInline, safeProse } from '../text/sanitize.js'
import type { CommentRun } from './comment-run.js'
import type { CommentTrigger } from './comment-trigger.js'

/** The thread from our finding to the reply being answered, whose text is the event's (later edits do not count). */
export function threadOf(
  top: ExistingComment,
  previous: PreviousReview,
  trigger: CommentTrigger
): ThreadQuestion['thread'] {
  const replies = previous.reviewComments
    .filter((c) => c.inReplyTo === top.id && c.id < trigger.commentId)
    .sort((a, b) => a.id - b.id)
  return [
    ...[top, ...replies].map((c) => ({
      author: c.author,
      ours: c.author === previous.self,
      body: c.body
    })),
    { author: trigger.author, ours: false, body: trigger.body }
  ]
}

export function boundedAnswer(
  text: string,
  secrets: readonly string[]
): string {
  const safe = safeProse(text, secrets)
  return safe.length <= MAX_ANSWER_CHARS
    ? safe
    : `${safe.slice(0, MAX_ANSWER_CHARS)} … (cut at ${MAX_ANSWER_CHARS} characters)`
}

/** The marker of our answer to comment `id`: it makes the answer findable, so it is posted once. */
export function replyMarker(id: number): string {
  return `<!-- architect-review:reply-to=${id} -->`
}

export function answered(
  comments: readonly ExistingComment[],
  self: string,
  id: number
): boolean {
  const marker = replyMarker(id)
  return comments.some(
    (c) => c.author === self && c.body.trimEnd().endsWith(marker)
  )
}

/** A reply where the comment was made: in its review thread, or in the conversation. */
export async function reply(
  run: CommentRun,
  previous: PreviousReview,
  text: string
): Promise<void> {
  const { trigger, writer } = run
  const own =
    trigger.kind === 'review' ? previous.reviewComments : previous.issueComments
  if (answered(own, previous.self, trigger.commentId)) return
  const marker = replyMarker(trigger.commentId)
  const body = fit(
    `${text}\n\n<sub>architect-review · in reply to ${safeInline(trigger.author)}</sub>`,
    marker
  )
  if (run.settings.dryRun) {
    run.log.info(`Dry run: the reply was not posted:\n${body}`)
    return
  }
  if (trigger.kind === 'review')
    await writer.replyInThread(trigger.threadId!, body, marker)
  else await writer.createIssueComment(body, marker)
}
/** One of our findings' threads: its top comment and the finding's fingerprint. */
export interface OurThread {
  top: ExistingComment
  fp: string
}

/** The thread the comment is in, when its top comment is one of our findings. */
export function ourThread(
  trigger: CommentTrigger,
  previous: PreviousReview
): OurThread | undefined {
  const top = previous.reviewComments.find((c) => c.id === trigger.threadId)
  const fp = top && fingerprintOf(top.body)
  if (!top || !fp || previous.comments.get(fp)?.id !== top.id) return undefined
  return { top, fp }
}
