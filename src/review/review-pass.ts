import type Anthropic from '@anthropic-ai/sdk'
import type { CostHold } from './cost-cap.js'
import type { ReviewArea } from '../agents/agent.js'
import {
  checkReport,
  MAX_FINDINGS_PER_REPORT
} from '../findings/finding-validation.js'
import type { ValidationContext } from '../findings/finding-validation.js'
import type { ReviewFinding } from '../findings/finding.js'
import type { ReviewUnit } from '../plan/review-plan.js'
import type { ToolOutcome } from '../tools/tool-context.js'
import type { ModelClient, ModelMessage } from './model-client.js'
import { buildRequest } from './pass-request.js'
import type { PassRequest } from './pass-request.js'
import { REPORT_TOOL } from './review-protocol.js'
import type { PassOutcome } from '../vocabulary/pass.js'
import { addUsage, fromApiUsage, NO_USAGE } from '../vocabulary/usage.js'
import type { TokenUsage } from '../vocabulary/usage.js'
import { estimateTokens } from '../plan/token-estimate.js'

export interface PassInput {
  unit: ReviewUnit
  area: ReviewArea
  request: PassRequest
  maxTurns: number
  /** Epoch ms after which the pass ends after its current turn. */
  deadline?: number
  /** The pass's share of `max-cost-usd`: each turn's usage is recorded; no new turn once the cap is reached. */
  cost?: CostHold
  validation: ValidationContext
  client: ModelClient
  runTool(name: string, input: unknown): Promise<ToolOutcome>
  /** Fires on the first streamed event of the first turn. */
  onStart?: () => void
  signal?: AbortSignal
}

export interface PassResult extends PassOutcome {
  findings: ReviewFinding[]
}

/** The next turn's worst case does not fit under max-cost-usd. */
class CostCapReached extends Error {
  override name = 'CostCapReached'
}

/** Tool calls run in one turn at most; more are answered with an error, unrun. */
export const MAX_TOOL_CALLS_PER_TURN = 16

/** Characters of one tool result sent back, at most. */
export const MAX_TOOL_RESULT_CHARS = 40_000

type Param = Anthropic.Messages.MessageParam
type Block = Anthropic.Messages.ContentBlockParam

/**
 * One area pass over one unit: the model reads the repository with the
 * granted tools and reports through report_findings. Every stop reason is
 * handled; whatever was reported is kept, however the pass ends.
 */
export function runPass(input: PassInput): Promise<PassResult> {
  return new PassConversation(input).run()
}

type Invalid = { input: unknown; problems: string[] }
type ToolUse = Anthropic.Messages.ToolUseBlock
type Reply = ModelMessage

/** One pass's conversation and what it has found so far. */
class PassConversation {
  private readonly result: PassResult
  private readonly origin: { unit: string; pass: string }
  private readonly messages: Param[]
  private reported = false
  private correctionAsked = false
  private reminded = false
  /** Invalid findings sent back for correction; kept if no corrected report comes. */
  private awaitingCorrection: Invalid[] = []

  constructor(private readonly input: PassInput) {
    this.result = {
      unit: input.unit.id,
      area: input.area.id,
      status: 'incomplete',
      findings: [],
      turns: 0,
      toolCalls: 0,
      usage: NO_USAGE
    }
    this.origin = { unit: input.unit.id, pass: input.area.id }
    this.messages = [
      {
        role: 'user',
        content: [
          {
            type: 'text',
            text: input.request.prefix,
            cache_control: { type: 'ephemeral' }
          },
          { type: 'text', text: input.request.areaText }
        ]
      }
    ]
  }

  async run(): Promise<PassResult> {
    const { input, result } = this
    try {
      while (result.turns < input.maxTurns) {
        result.turns++
        const stop = result.turns > 1 ? this.stopReason() : undefined
        if (stop) {
          result.turns--
          result.reason = stop
          result.stop = 'deadline'
          return result
        }
        if ((await this.turn()) === 'done') return result
      }
      result.reason = `reached max-turns (${input.maxTurns}) before reporting`
      result.stop = 'turns'
      return result
    } catch (error) {
      if (error instanceof CostCapReached) return this.atCostCap()
      result.status = 'failed'
      result.reason = (error as Error).message ?? String(error)
      result.stop = 'error'
      throw new PassError(result, error)
    } finally {
      for (const bad of this.awaitingCorrection)
        this.keepInvalid({
          input: bad.input,
          problems: [
            ...bad.problems,
            'the pass ended before a corrected report'
          ]
        })
    }
  }

  /** max-cost-usd left no room for the next turn: not run, or stopped before reporting. */
  private atCostCap(): PassResult {
    const { result } = this
    result.turns--
    result.stop = 'cost-cap'
    if (result.turns === 0) {
      result.status = 'not-run'
      result.reason = 'not run: max-cost-usd would be passed'
    } else result.reason = 'stopped at max-cost-usd before reporting'
    return result
  }

  /** Why no further turn may start: the time budget. */
  private stopReason(): string | undefined {
    const { deadline } = this.input
    if (deadline !== undefined && Date.now() >= deadline)
      return 'stopped at the time budget before reporting'
    return undefined
  }

  /** Sends one turn and answers it; says whether the pass is done. */
  private async turn(): Promise<'done' | 'continue'> {
    const { input, result } = this
    const request = buildRequest(input.request, this.messages)
    if (input.cost) {
      // The turn's worst case must fit under max-cost-usd; its output is cut to fit.
      const allowed = await input.cost.beginTurn(
        estimateTokens(JSON.stringify(request)),
        request.max_tokens
      )
      if (allowed === undefined) throw new CostCapReached()
      request.max_tokens = allowed
    }
    let usage = NO_USAGE
    try {
      const message = await input.client.send(request, {
        onStart: result.turns === 1 ? input.onStart : undefined,
        signal: input.signal
      })
      usage = fromApiUsage(message.usage)
      return await this.answer(message, usage)
    } finally {
      input.cost?.endTurn(usage)
    }
  }

  /** Takes in a turn's answer: tools to run, a report, or a stop. */
  private async answer(
    message: ModelMessage,
    usage: TokenUsage
  ): Promise<'done' | 'continue'> {
    const { result, messages } = this
    result.usage = addUsage(result.usage, usage)
    // Thinking blocks and all: the assistant turn goes back unchanged. After
    // pause_turn the reply continues the same turn, so it joins that message.
    const previous = messages[messages.length - 1]
    if (previous.role === 'assistant')
      previous.content = [
        ...(previous.content as Block[]),
        ...(message.content as Block[])
      ]
    else
      messages.push({ role: 'assistant', content: message.content as Block[] })
    const toolUses = message.content.filter(
      (block): block is ToolUse => block.type === 'tool_use'
    )
    const stop = message.stop_reason
    if (toolUses.length > 0 && (stop === 'tool_use' || stop === 'max_tokens'))
      return this.answerTools(message, toolUses, stop === 'max_tokens')
    return this.onStop(stop)
  }

  /** Runs the turn's tool calls; a recorded report ends the pass, with no turn spent on its acknowledgement. */
  private async answerTools(
    message: Reply,
    toolUses: ToolUse[],
    cutOff: boolean
  ): Promise<'done' | 'continue'> {
    this.result.toolCalls += toolUses.length
    const outcomes = await Promise.all(
      toolUses.map(async (use, i): Promise<ToolOutcome> => {
        if (i >= MAX_TOOL_CALLS_PER_TURN && use.name !== REPORT_TOOL)
          return {
            content: `Not run: at most ${MAX_TOOL_CALLS_PER_TURN} tool calls are run per turn. Make fewer, more targeted calls.`,
            isError: true
          }
        if (cutOff)
          return {
            content:
              'Your reply was cut off by max_tokens before this call was complete. Make the call again, shorter.',
            isError: true
          }
        const malformed = message.malformedToolInputs?.[use.id]
        if (malformed !== undefined)
          return {
            content: `The input of this ${use.name} call was not valid JSON: ${malformed.slice(0, 500)}. Call it again with valid JSON.`,
            isError: true
          }
        if (use.name === REPORT_TOOL) return this.report(use.input)
        return this.input.runTool(use.name, use.input)
      })
    )
    if (this.reported) {
      this.result.status = 'complete'
      return 'done'
    }
    this.messages.push({
      role: 'user',
      content: toolUses.map((use, i) => ({
        type: 'tool_result' as const,
        tool_use_id: use.id,
        content: clip(outcomes[i].content),
        ...(outcomes[i].isError ? { is_error: true } : {})
      }))
    })
    return 'continue'
  }

  /** Every stop reason without tool calls: end, remind, resume or give up with the reason. */
  private onStop(stop: Reply['stop_reason']): 'done' | 'continue' {
    const { result } = this
    switch (stop) {
      case 'end_turn':
      case 'stop_sequence':
        if (this.reported) {
          result.status = 'complete'
          return 'done'
        }
        if (this.reminded) {
          result.reason = `ended its turn twice without calling ${REPORT_TOOL}`
          result.stop = 'no-report'
          return 'done'
        }
        this.reminded = true
        this.messages.push({
          role: 'user',
          content: `You ended your turn without calling ${REPORT_TOOL}. Call it now with your findings for this pass (an empty list if there are none).`
        })
        return 'continue'
      case 'max_tokens':
        this.messages.push({
          role: 'user',
          content: `Your reply was cut off by max_tokens. Be brief and call ${REPORT_TOOL} with your findings.`
        })
        return 'continue'
      case 'pause_turn':
        // The API paused a long turn: sending the conversation again resumes it.
        return 'continue'
      case 'refusal':
        result.status = 'refused'
        result.reason = 'the model declined to continue this review'
        result.stop = 'refused'
        return 'done'
      case 'model_context_window_exceeded':
        result.reason = "the conversation outgrew the model's context window"
        result.stop = 'context-window'
        return 'done'
      default:
        result.reason = `unexpected stop reason '${String(stop)}'`
        result.stop = 'error'
        return 'done'
    }
  }

  /** A report_findings call: valid findings are kept; invalid ones are sent back once, then kept as invalid. */
  private report(toolInput: unknown): ToolOutcome {
    const checked = checkReport(toolInput, this.input.validation)
    for (const finding of checked.valid)
      this.result.findings.push({ ...finding, ...this.origin, status: 'valid' })
    // Findings over the per-report cap cannot be corrected: they are kept, counted, at once.
    const overLimit = checked.invalid.filter(
      (bad) => bad.index >= MAX_FINDINGS_PER_REPORT
    )
    overLimit.forEach((bad) => this.keepInvalid(bad))
    const fixable = checked.invalid.filter(
      (bad) => bad.index < MAX_FINDINGS_PER_REPORT
    )
    // A second report is the correction of the first: it replaces what was sent back.
    this.awaitingCorrection = []
    const capNote = overLimit.length > 0 ? ` ${overLimit[0].problems[0]}.` : ''
    if (fixable.length === 0) {
      this.reported = true
      return {
        content: `Recorded ${checked.valid.length} finding(s).${capNote}`,
        isError: overLimit.length > 0
      }
    }
    if (!this.correctionAsked) {
      this.correctionAsked = true
      this.awaitingCorrection = fixable
      const problems = fixable
        .map(
          (bad) =>
            `- finding ${bad.index < 0 ? '(input)' : bad.index}: ${bad.problems.join('; ')}`
        )
        .join('\n')
      return {
        content: `Recorded ${checked.valid.length} valid finding(s).${capNote} These could not be accepted:\n${problems}\nCall ${REPORT_TOOL} again with only the corrected findings.`,
        isError: true
      }
    }
    fixable.forEach((bad) => this.keepInvalid(bad))
    this.reported = true
    return {
      content: `Recorded ${checked.valid.length} finding(s); ${fixable.length} still invalid were kept as invalid.${capNote}`,
      isError: true
    }
  }

  private keepInvalid(bad: Invalid): void {
    this.result.findings.push({
      ...this.origin,
      status: 'invalid',
      input: bad.input,
      problems: bad.problems
    })
  }
}

/** A pass that threw; it carries what the pass had before the error. */
export class PassError extends Error {
  override name = 'PassError'
  constructor(
    readonly result: PassResult,
    readonly error: unknown
  ) {
    super(result.reason, { cause: error })
  }
}

function clip(text: string): string {
  return text.length <= MAX_TOOL_RESULT_CHARS
    ? text
    : `${text.slice(0, MAX_TOOL_RESULT_CHARS)}\n[… ${text.length - MAX_TOOL_RESULT_CHARS} more characters cut; narrow the request]`
}
