/** A pass's request for one turn: what every turn sends, with the cache breakpoints. */
import type Anthropic from '@anthropic-ai/sdk'
import type { MessageRequest } from './model-client.js'
import type { SystemBlock } from './prompt.js'

type Param = Anthropic.Messages.MessageParam
type Block = Anthropic.Messages.ContentBlockParam

/** The request parts every turn of a pass sends. */
export interface PassRequest {
  model: string
  system: SystemBlock[]
  tools: MessageRequest['tools']
  /** The unit's shared prefix (cached). */
  prefix: string
  /** The area's instructions (after the cache breakpoint). */
  areaText: string
  maxTokens: number
  effort?: string
  /** Send cache_control breakpoints (off only to measure what caching saves). */
  caching: boolean
}

/**
 * One turn's request. Breakpoints: the system prompt's end, the unit prefix
 * (shared by the unit's passes) and the newest user block (so the next turn
 * reads this one's conversation from the cache): 3 of the 4 allowed.
 */
export function buildRequest(
  request: PassRequest,
  messages: Param[]
): MessageRequest {
  const withBreakpoint = messages.map((message, i) => {
    if (!request.caching) return stripCacheControl(message)
    if (i !== messages.length - 1 || message.role !== 'user') return message
    const content: Block[] =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : [...message.content]
    const last = content[content.length - 1] as Block & {
      cache_control?: unknown
    }
    content[content.length - 1] = {
      ...last,
      cache_control: { type: 'ephemeral' }
    } as Block
    return { ...message, content }
  })
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    system: request.caching
      ? request.system
      : request.system.map(({ type, text }) => ({ type, text })),
    tools: request.tools,
    tool_choice: { type: 'auto' },
    messages: withBreakpoint,
    ...(request.effort
      ? { output_config: { effort: request.effort as 'high' } }
      : {})
  }
}

function stripCacheControl(message: Param): Param {
  if (typeof message.content === 'string') return message
  const content = (message.content as Block[]).map((block) => {
    const { cache_control: _drop, ...rest } = block as Block & {
      cache_control?: unknown
    }
    return rest as Block
  })
  return { ...message, content } as Param
}
