import type { CommentKind } from '../github/pull-request-writer-types.js'

/** Events whose payload is a comment on a pull request. */
export const COMMENT_EVENTS = ['issue_comment', 'pull_request_review_comment']

/** The comment that started this run, as the event payload gave it. */
export interface CommentTrigger {
  event: 'issue_comment' | 'pull_request_review_comment'
  kind: CommentKind
  commentId: number
  /** From the payload: an edit made after the event does not change what runs. */
  body: string
  author: string
  createdAt: string
  pullNumber: number
  /** Review comments: the thread's top-level comment (replies to replies are not supported by GitHub). */
  threadId?: number
  /** Review comments: it replies to another comment. */
  isReply: boolean
  /** Review comments: the payload's pull request comes from a fork. */
  fromFork: boolean
}

export type TriggerReading =
  | { kind: 'trigger'; trigger: CommentTrigger }
  | { kind: 'ignore'; reason: string }

interface CommentPayload {
  action?: string
  comment?: {
    id?: number
    body?: string | null
    user?: { login?: string; type?: string } | null
    created_at?: string
    in_reply_to_id?: number
    performed_via_github_app?: unknown
  }
  issue?: { number?: number; pull_request?: unknown }
  pull_request?: {
    number?: number
    head?: { repo?: { full_name?: string } | null }
    base?: { repo?: { full_name?: string } | null }
  }
}

/**
 * Reads the triggering comment of an issue_comment or
 * pull_request_review_comment event. Edited and deleted comments, comments
 * on issues and comments by bots (ours included: no loops) are ignored,
 * with the reason for the log.
 */
export function readCommentTrigger(
  eventName: string,
  payload: Record<string, unknown>
): TriggerReading {
  const event = payload as CommentPayload
  const comment = event.comment
  if (!comment?.id || !comment.user?.login)
    return {
      kind: 'ignore',
      reason: `the ${eventName} event file has no comment`
    }
  if (event.action !== 'created')
    return {
      kind: 'ignore',
      reason: `only new comments are read; this one was ${event.action ?? 'changed'}`
    }
  const author = comment.user.login
  if (comment.user.type === 'Bot' || author.endsWith('[bot]'))
    return {
      kind: 'ignore',
      reason: `the comment is by the bot ${author}; bots (architect-review included) are never answered`
    }
  const base = {
    commentId: comment.id,
    body: comment.body ?? '',
    author,
    createdAt: comment.created_at ?? new Date().toISOString()
  }
  if (eventName === 'issue_comment') {
    if (!event.issue?.number || !event.issue.pull_request)
      return {
        kind: 'ignore',
        reason: `the comment is on issue #${event.issue?.number ?? '?'}, not on a pull request`
      }
    return {
      kind: 'trigger',
      trigger: {
        ...base,
        event: 'issue_comment',
        kind: 'issue',
        pullNumber: event.issue.number,
        isReply: false,
        fromFork: false
      }
    }
  }
  const pr = event.pull_request
  if (!pr?.number)
    return {
      kind: 'ignore',
      reason: 'the review comment event has no pull request'
    }
  const baseRepo = pr.base?.repo?.full_name ?? ''
  const headRepo = pr.head?.repo?.full_name ?? ''
  return {
    kind: 'trigger',
    trigger: {
      ...base,
      event: 'pull_request_review_comment',
      kind: 'review',
      pullNumber: pr.number,
      threadId: comment.in_reply_to_id ?? comment.id,
      isReply: comment.in_reply_to_id !== undefined,
      fromFork: headRepo.toLowerCase() !== baseRepo.toLowerCase()
    }
  }
}
