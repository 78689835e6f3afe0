import Anthropic from '@anthropic-ai/sdk'

export type MessageRequest = Anthropic.Messages.MessageCreateParamsNonStreaming

/** A response, plus the raw text of tool inputs that were not valid JSON. */
export type ModelMessage = Anthropic.Messages.Message & {
  malformedToolInputs?: Record<string, string>
}

/** Sends Messages API requests. Tests hand in a client pointed at a local server. */
export interface ModelClient {
  /**
   * Sends one request as a stream and resolves with the whole message.
   * `onStart` fires on the first streamed event: from then on the request's
   * cached prefix is readable by other requests.
   */
  send(
    request: MessageRequest,
    options?: { onStart?: () => void; signal?: AbortSignal }
  ): Promise<ModelMessage>
}

export interface AnthropicClientOptions {
  apiKey: string
  baseURL?: string
  /** SDK retries of one request (429, 5xx, 529, connection errors). */
  maxRetries: number
  /** Time allowed for one request, ms. */
  timeoutMs: number
}

/** Retry and timeout policy of the Messages API client. */
export const CLIENT_POLICY = { maxRetries: 4, timeoutMs: 5 * 60_000 }

/** The SDK client behind the ModelClient interface. */
export function createAnthropicClient(
  options: AnthropicClientOptions
): ModelClient {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs
  })
  return {
    async send(request, { onStart, signal } = {}) {
      const events = await client.messages.create(
        { ...request, stream: true },
        { signal }
      )
      return accumulate(events, onStart)
    }
  }
}

type StreamEvent = Anthropic.Messages.RawMessageStreamEvent

/**
 * Builds the message from its stream events. Unlike the SDK's helper it
 * keeps going when a tool call's JSON is malformed: the raw text is kept
 * so the pass can tell the model what was wrong instead of losing the turn.
 */
export async function accumulate(
  events: AsyncIterable<StreamEvent>,
  onStart?: () => void
): Promise<ModelMessage> {
  let message: ModelMessage | undefined
  const json = new Map<number, string>()
  for await (const event of events) {
    if (!message && onStart) onStart()
    switch (event.type) {
      case 'message_start':
        message = { ...event.message, content: [] }
        break
      case 'content_block_start':
        message!.content[event.index] = {
          ...event.content_block
        } as Anthropic.Messages.ContentBlock
        if (event.content_block.type === 'tool_use') json.set(event.index, '')
        break
      case 'content_block_delta': {
        const block = message!.content[event.index] as unknown as Record<
          string,
          unknown
        >
        const delta = event.delta as unknown as Record<string, string>
        if (delta.type === 'text_delta')
          block.text = `${block.text ?? ''}${delta.text}`
        else if (delta.type === 'input_json_delta')
          json.set(
            event.index,
            `${json.get(event.index) ?? ''}${delta.partial_json}`
          )
        else if (delta.type === 'thinking_delta')
          block.thinking = `${block.thinking ?? ''}${delta.thinking}`
        else if (delta.type === 'signature_delta')
          block.signature = delta.signature
        break
      }
      case 'content_block_stop': {
        const raw = json.get(event.index)
        const block = message!.content[event.index]
        if (raw !== undefined && block.type === 'tool_use') {
          try {
            block.input = raw === '' ? {} : JSON.parse(raw)
          } catch {
            block.input = {}
            message!.malformedToolInputs = {
              ...message!.malformedToolInputs,
              [block.id]: raw
            }
          }
          json.delete(event.index)
        }
        break
      }
      case 'message_delta':
        message!.stop_reason = event.delta.stop_reason
        message!.stop_sequence = event.delta.stop_sequence
        message!.usage = {
          ...message!.usage,
          ...(event.usage as object)
        } as Anthropic.Messages.Usage
        break
    }
  }
  if (!message)
    throw new Error('The Messages API stream ended before message_start.')
  // A block cut off by max_tokens never got its stop event.
  for (const [index, raw] of json) {
    const block = message.content[index]
    if (block?.type === 'tool_use') {
      block.input = {}
      message.malformedToolInputs = {
        ...message.malformedToolInputs,
        [block.id]: raw
      }
    }
  }
  return message
}

/**
 * Errors no retry or other pass can fix: a bad key, no access, an unknown
 * model. They stop the whole review at once with a clear message.
 */
export function fatalModelError(error: unknown): string | undefined {
  if (error instanceof Anthropic.AuthenticationError) {
    return 'The Anthropic API rejected the API key (401). Check the anthropic-api-key secret.'
  }
  if (error instanceof Anthropic.PermissionDeniedError) {
    return `The Anthropic API denied access (403): ${error.message}`
  }
  if (error instanceof Anthropic.NotFoundError) {
    return `The Anthropic API does not know this model or endpoint (404): ${error.message}. Check the model input.`
  }
  return undefined
}
