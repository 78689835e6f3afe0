import Anthropic from '@anthropic-ai/sdk'

export type MessageRequest = Anthropic.Messages.MessageCreateParamsNonStreaming
export type ModelMessage = Anthropic.Messages.Message

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
      const stream = client.messages.stream(request, { signal })
      if (onStart) stream.once('streamEvent', () => onStart())
      return stream.finalMessage()
    }
  }
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
