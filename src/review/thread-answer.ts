import type Anthropic from '@anthropic-ai/sdk'
import type { ReviewTool, ToolContext } from '../tools/tool-context.js'
import { sendWithin } from './cost-cap.js'
import type { CostCap } from './cost-cap.js'
import type { MessageRequest, ModelClient } from './model-client.js'
import { executeTool } from './tool-runner.js'
import {
  MAX_TOOL_CALLS_PER_TURN,
  MAX_TOOL_RESULT_CHARS
} from './review-pass.js'
import {
  ANSWER_TOOL,
  buildThreadMessage,
  buildThreadSystem
} from './thread-prompt.js'
import type { ThreadQuestion } from './thread-prompt.js'
import type { SystemBlock } from './prompt.js'
import {
  addUsage,
  costOf,
  fromApiUsage,
  NO_USAGE
} from '../vocabulary/usage.js'
import type { TokenUsage } from '../vocabulary/usage.js'

/** Characters of an answer posted at most. */
export const MAX_ANSWER_CHARS = 3_000
/** Output tokens of one turn of an answer. */
const ANSWER_MAX_TOKENS = 2_000

export interface ThreadAnswerJob {
  question: ThreadQuestion
  agentPrompt: string
  model: string
  maxTurns: number
  tools: readonly ReviewTool[]
  toolContext: ToolContext
  client: ModelClient
  /** `max-cost-usd`: every turn within it; no answer past it. */
  cap?: CostCap
}

export interface ThreadAnswer {
  answer: string
  /** The discussion showed the finding is wrong: it is withdrawn. */
  withdraw: boolean
  reason: string
  turns: number
  usage: TokenUsage
  costUsd?: number
}

type Param = Anthropic.Messages.MessageParam
type Block = Anthropic.Messages.ContentBlockParam
type ToolUse = Anthropic.Messages.ToolUseBlock

const ANSWER_TOOL_DEFINITION = {
  name: ANSWER_TOOL,
  description: 'Your reply in the thread, and whether the finding stands.',
  input_schema: {
    type: 'object' as const,
    properties: {
      answer: { type: 'string' },
      finding_stands: { type: 'boolean' },
      reason: { type: 'string' }
    },
    required: ['answer', 'finding_stands', 'reason'],
    additionalProperties: false
  },
  strict: true
}

/** One turn of an answer, within max-cost-usd when the run has it. */
async function answerTurn(
  job: ThreadAnswerJob,
  system: SystemBlock[],
  tools: MessageRequest['tools'],
  messages: Param[],
  turn: number
) {
  const request = {
    model: job.model,
    max_tokens: ANSWER_MAX_TOKENS,
    system,
    tools,
    tool_choice: { type: 'auto' as const },
    messages
  }
  const message = await sendWithin(
    job.cap,
    job.model,
    request,
    async (maxTokens) => {
      const sent = await job.client.send({ ...request, max_tokens: maxTokens })
      return { result: sent, usage: fromApiUsage(sent.usage) }
    }
  )
  if (!message)
    throw new Error(
      `max-cost-usd ($${job.cap!.limitUsd}) leaves no room for ${turn === 1 ? 'an answer' : 'another turn of the answer'} (spent $${job.cap!.spent.toFixed(4)})`
    )
  return message
}

/**
 * The agent answers a reply in the thread of one of its findings: it may
 * read the repository with its read-only tools, then answers through
 * answer_thread. A turn that ends in plain text is taken as the answer
 * (the finding stands). Throws when no answer comes; the caller says so.
 */
export async function answerThread(
  job: ThreadAnswerJob
): Promise<ThreadAnswer> {
  const messages: Param[] = [
    { role: 'user', content: buildThreadMessage(job.question) }
  ]
  const system = buildThreadSystem(
    job.agentPrompt,
    job.tools.map((t) => t.name),
    job.maxTurns
  )
  const tools = [
    ...job.tools.map(({ run: _run, ...definition }) => definition),
    ANSWER_TOOL_DEFINITION
  ]
  let usage = NO_USAGE
  for (let turn = 1; turn <= job.maxTurns; turn++) {
    const message = await answerTurn(job, system, tools, messages, turn)
    usage = addUsage(usage, fromApiUsage(message.usage))
    const done = (
      answer: Omit<ThreadAnswer, 'turns' | 'usage' | 'costUsd'>
    ) => ({
      ...answer,
      turns: turn,
      usage,
      costUsd: costOf(usage, job.model)
    })
    const uses = message.content.filter(
      (b): b is ToolUse => b.type === 'tool_use'
    )
    const given = uses.find((u) => u.name === ANSWER_TOOL)
    if (given) return done(readAnswer(given.input))
    const text = message.content
      .flatMap((b) => (b.type === 'text' ? [b.text] : []))
      .join('\n')
      .trim()
    if (uses.length === 0) {
      if (text && message.stop_reason !== 'max_tokens')
        return done({ answer: text, withdraw: false, reason: '' })
      if (message.stop_reason === 'refusal')
        throw new Error('the model declined to answer')
      messages.push(
        { role: 'assistant', content: message.content as Block[] },
        {
          role: 'user',
          content: `Answer now with ${ANSWER_TOOL}, briefly.`
        }
      )
      continue
    }
    messages.push(
      { role: 'assistant', content: message.content as Block[] },
      { role: 'user', content: await toolResults(uses, job) }
    )
  }
  throw new Error(
    `no answer within max-turns (${job.maxTurns}); raise max-turns or ask a narrower question`
  )
}

/** Runs a turn's tool calls (at most MAX_TOOL_CALLS_PER_TURN) into tool_result blocks. */
function toolResults(uses: readonly ToolUse[], job: ThreadAnswerJob) {
  return Promise.all(
    uses.map(async (use, i) => {
      const outcome =
        i < MAX_TOOL_CALLS_PER_TURN
          ? await executeTool(job.tools, use.name, use.input, job.toolContext)
          : {
              content: `Not run: at most ${MAX_TOOL_CALLS_PER_TURN} tool calls per turn.`,
              isError: true
            }
      return {
        type: 'tool_result' as const,
        tool_use_id: use.id,
        content: outcome.content.slice(0, MAX_TOOL_RESULT_CHARS),
        ...(outcome.isError ? { is_error: true } : {})
      }
    })
  )
}

function readAnswer(
  input: unknown
): Omit<ThreadAnswer, 'turns' | 'usage' | 'costUsd'> {
  const { answer, finding_stands, reason } = (input ?? {}) as Record<
    string,
    unknown
  >
  const text = typeof answer === 'string' ? answer.trim() : ''
  if (!text) throw new Error(`${ANSWER_TOOL} was called without an answer`)
  return {
    answer: text,
    withdraw: finding_stands === false,
    reason:
      typeof reason === 'string' && reason.trim()
        ? reason.trim().slice(0, 300)
        : 'no reason given'
  }
}
