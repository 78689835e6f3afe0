import { setTimeout as sleep } from 'node:timers/promises'
import Anthropic from '@anthropic-ai/sdk'
import { knownModelsLine } from '../vocabulary/model-pricing.js'
import type { Provider } from '../settings.js'

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
  /**
   * Asks the Models API whether `model` exists, before anything is paid:
   * the refusal when it does not (or the key is refused); undefined when
   * it exists or the platform has no Models API (Bedrock, Vertex).
   */
  confirmModel?(
    model: string
  ): Promise<{ reason: FatalReason; message: string } | undefined>
}

/** Where Claude is reached. */

export interface AnthropicClientOptions {
  /** Default `anthropic`. Bedrock and Vertex use their platforms' standard credentials. */
  provider?: Provider
  apiKey: string
  baseURL?: string
  /** Bedrock region (else AWS_REGION). */
  awsRegion?: string
  /** Vertex region (else CLOUD_ML_REGION) and project (else ANTHROPIC_VERTEX_PROJECT_ID). */
  vertexRegion?: string
  vertexProjectId?: string
  /** SDK retries of one request (429, 5xx, 529, connection errors). */
  maxRetries: number
  /** Time allowed for one request, ms. */
  timeoutMs: number
  /** Scale of our own back-off before sending a broken stream's turn again (`request-pacing`; default 1). */
  pacing?: number
}

/** Retry and timeout policy of the Messages API client. */
export const CLIENT_POLICY = { maxRetries: 4, timeoutMs: 5 * 60_000 }

/**
 * The SDK client behind the ModelClient interface: Anthropic's API, Amazon
 * Bedrock (AWS credential chain: environment, OIDC web identity, instance
 * role) or Google Vertex AI (application default credentials, or an access
 * token in GOOGLE_OAUTH_ACCESS_TOKEN).
 */
export function createAnthropicClient(
  options: AnthropicClientOptions
): ModelClient {
  // Bedrock's and Vertex's SDKs (AWS and Google auth) are large: loaded only when chosen.
  let client: Promise<MessagesClient> | undefined
  return {
    async confirmModel(model) {
      // Bedrock and Vertex have no Models API: their first request says.
      if ((options.provider ?? 'anthropic') !== 'anthropic') return undefined
      client ??= openClient(options)
      const opened = (await client) as Anthropic
      try {
        await opened.models.retrieve(model)
        return undefined
      } catch (error) {
        const refused = fatalModelError(error)
        if (!refused) throw error
        return error instanceof Anthropic.NotFoundError
          ? {
              reason: 'model',
              message: `The Models API does not know the model '${model}' (404). ${knownModelsLine()}`
            }
          : refused
      }
    },
    async send(request, { onStart, signal } = {}) {
      client ??= openClient(options)
      const messages = (await client).messages
      for (let attempt = 0; ; attempt++) {
        // The SDK retries a request until its answer begins; a stream that
        // breaks after that is sent again here, with the same bound.
        const events = await messages.create(
          { ...request, stream: true },
          { signal }
        )
        try {
          return await accumulate(events as AsyncIterable<StreamEvent>, onStart)
        } catch (error) {
          const broken = brokenStream(error)
          if (!broken || signal?.aborted) throw error
          if (attempt >= options.maxRetries)
            throw new BrokenStreamError(
              `The answer's stream broke ${attempt + 1} time(s); last: ${broken}.`,
              { cause: error }
            )
          await sleep(
            retryDelayMs(attempt) * (options.pacing ?? 1),
            undefined,
            {
              signal
            }
          )
        }
      }
    }
  }
}

/** A streamed answer that broke after it began, every time it was sent. */
export class BrokenStreamError extends Error {
  override name = 'BrokenStreamError'
}

/** The SDK's back-off for a 529: 0.5 s doubling to 8 s, less up to a quarter. */
function retryDelayMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8_000) * (1 - Math.random() * 0.25)
}

/** Error events the API sends mid-stream that a later request may not meet. */
const TRANSIENT_EVENTS = ['overloaded_error', 'api_error', 'rate_limit_error']

/** Why a stream that had begun broke, when sending the turn again may help. */
function brokenStream(error: unknown): string | undefined {
  if (error instanceof Anthropic.APIUserAbortError) return undefined
  if (error instanceof StreamEndedError) return error.message
  if (error instanceof SyntaxError)
    return `an event was not valid JSON (${error.message})`
  if (error instanceof Anthropic.APIError && error.status === undefined) {
    if (error instanceof Anthropic.APIConnectionError)
      return 'the connection was lost'
    const type =
      (error.error as { error?: { type?: string } } | undefined)?.error?.type ??
      error.type
    return type && TRANSIENT_EVENTS.includes(type)
      ? `the API sent an '${type}' event`
      : undefined
  }
  const e = error as { message?: string; cause?: { code?: string } }
  return /terminated|socket|ECONNRESET|other side closed/i.test(
    `${e.message ?? ''} ${e.cause?.code ?? ''}`
  )
    ? 'the connection was lost'
    : undefined
}

/** The stream ended before the message was whole. */
class StreamEndedError extends Error {
  override name = 'StreamEndedError'
}

/** The three SDKs share messages.create; only the transport and auth differ. */
type MessagesClient = { messages: Pick<Anthropic['messages'], 'create'> }

async function openClient(
  options: AnthropicClientOptions
): Promise<MessagesClient> {
  const common = { maxRetries: options.maxRetries, timeout: options.timeoutMs }
  const baseURL = options.baseURL ? { baseURL: options.baseURL } : {}
  switch (options.provider ?? 'anthropic') {
    case 'bedrock': {
      const { AnthropicBedrock } = await import('@anthropic-ai/bedrock-sdk')
      return new AnthropicBedrock({
        ...common,
        ...baseURL,
        awsRegion: options.awsRegion
      })
    }
    case 'vertex': {
      const { AnthropicVertex } = await import('@anthropic-ai/vertex-sdk')
      const token = process.env.GOOGLE_OAUTH_ACCESS_TOKEN
      return new AnthropicVertex({
        ...common,
        ...baseURL,
        region: options.vertexRegion,
        projectId: options.vertexProjectId,
        // An access token from the workflow (google-github-actions/auth with
        // token_format: access_token) is used as is; otherwise application default credentials.
        ...(token ? { authClient: await tokenClient(token) } : {})
      })
    }
    default:
      return new Anthropic({
        ...common,
        apiKey: options.apiKey,
        baseURL: options.baseURL
      })
  }
}

/** A Google auth client that presents a given access token. */
async function tokenClient(accessToken: string) {
  const { OAuth2Client } = await import('google-auth-library')
  const client = new OAuth2Client()
  client.setCredentials({ access_token: accessToken })
  return client
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
  let stopped = false
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
      case 'content_block_delta':
        applyDelta(message!, event, json)
        break
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
      case 'message_stop':
        stopped = true
        break
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
    throw new StreamEndedError('the stream ended before message_start')
  if (!stopped)
    throw new StreamEndedError('the stream ended before message_stop')
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

/** Why the model API refused the whole review. */
export type FatalReason = 'authentication' | 'permission' | 'model'

/** Adds a delta to its block; tool input JSON is kept raw until the block stops. */
function applyDelta(
  message: ModelMessage,
  event: Anthropic.Messages.RawContentBlockDeltaEvent,
  json: Map<number, string>
): void {
  const block = message.content[event.index] as unknown as Record<
    string,
    unknown
  >
  const delta = event.delta as unknown as Record<string, string>
  if (delta.type === 'text_delta')
    block.text = `${block.text ?? ''}${delta.text}`
  else if (delta.type === 'input_json_delta')
    json.set(event.index, `${json.get(event.index) ?? ''}${delta.partial_json}`)
  else if (delta.type === 'thinking_delta')
    block.thinking = `${block.thinking ?? ''}${delta.thinking}`
  else if (delta.type === 'signature_delta') block.signature = delta.signature
}

/**
 * Errors no retry or other pass can fix: a bad key, no access, an unknown
 * model. They stop the whole review at once; the front end (action or CLI)
 * adds how to fix them in its own terms.
 */
export function fatalModelError(
  error: unknown
): { reason: FatalReason; message: string } | undefined {
  if (error instanceof Anthropic.AuthenticationError)
    return {
      reason: 'authentication',
      message: 'The Anthropic API rejected the API key (401).'
    }
  if (error instanceof Anthropic.PermissionDeniedError)
    return {
      reason: 'permission',
      message: `The Anthropic API denied access (403): ${error.message}`
    }
  if (error instanceof Anthropic.NotFoundError)
    return {
      reason: 'model',
      message: `The Anthropic API does not know this model or endpoint (404): ${error.message}.`
    }
  return undefined
}
