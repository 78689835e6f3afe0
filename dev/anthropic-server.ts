/**
 * A local Messages API on 127.0.0.1 for tests, reached through the real SDK
 * (`baseURL`). It enforces what the real API enforces that our client could
 * get wrong, streams answers as server-sent events, and reports usage with
 * cache accounting so cost figures are measured rather than assumed.
 *
 * Tests script it: `reply(request, context)` returns the assistant turn.
 */
import { createHash } from 'node:crypto'
import { WALKTHROUGH_SYSTEM_START } from '../src/review/walkthrough.js'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { EventStreamCodec } from '@smithy/eventstream-codec'

/** Which API a request came through. */
export type Platform = 'anthropic' | 'bedrock' | 'vertex'

/** What the server writes for a walkthrough unless a test says otherwise. */
export const WALKTHROUGH_TEXT =
  'The change inlines the customer into the orders query and adds an audit hook in the database layer. It touches the orders service and the pool. The main risk is security: the query is built from request input.'

const EVENT_STREAM = new EventStreamCodec(
  (bytes) => new TextDecoder().decode(bytes),
  (text) => new TextEncoder().encode(text)
)

export type ScriptBlock =
  | { type: 'text'; text: string }
  | {
      type: 'tool_use'
      id?: string
      name: string
      input: unknown
      rawJson?: string
    }
  | { type: 'thinking'; thinking: string; signature: string }

export interface ScriptedReply {
  content?: ScriptBlock[]
  stop_reason?:
    | 'end_turn'
    | 'tool_use'
    | 'max_tokens'
    | 'pause_turn'
    | 'refusal'
    | 'model_context_window_exceeded'
    | 'stop_sequence'
  output_tokens?: number
  /** Wait before the first byte (message_start), ms. */
  firstByteMs?: number
  /** Total time of the response, ms (the rest is spent after the first byte). */
  totalMs?: number
  /** Send nothing, not even the headers, until this settles; a request the client abandons meanwhile is dropped. */
  holdStartUntil?: Promise<unknown>
  /** Send nothing after message_start until this settles: orders events without clocks. */
  holdUntil?: Promise<unknown>
  /** Answer with an HTTP error instead. */
  error?: {
    status: number
    type: string
    message: string
    headers?: Record<string, string>
  }
  /** Destroy the connection after message_start. */
  resetAfterStart?: boolean
  /**
   * Break the stream after message_start: an event whose data is not JSON,
   * an end without message_stop, or an SSE `error` event (overloaded).
   */
  streamFault?: 'malformed-event' | 'end-early' | 'error-event'
}

export interface RecordedCall {
  body: MessagesBody
  headers: IncomingMessage['headers']
  usage: ServerUsage
  /** When the request arrived, ms since the server started. */
  at: number
  /** When its first byte (message_start) was sent, ms since the server started. */
  firstByteAt?: number
}

export interface ServerUsage {
  input_tokens: number
  output_tokens: number
  cache_creation_input_tokens: number
  cache_read_input_tokens: number
}

export interface MessagesBody {
  model: string
  max_tokens: number
  system?: string | Array<Record<string, unknown>>
  messages: Array<{
    role: string
    content: string | Array<Record<string, unknown>>
  }>
  tools?: Array<Record<string, unknown>>
  tool_choice?: { type: string }
  stream?: boolean
  [key: string]: unknown
}

export type Script = (
  body: MessagesBody,
  call: { index: number; calls: RecordedCall[] }
) => ScriptedReply | Promise<ScriptedReply>

/** Models that reject forced tool use (api-facts.md headline 1). */
const NO_FORCED_TOOL_CHOICE = /^claude-(opus-5-5|sonnet-5-5|fable-5-1)/
const CACHE_TTL_MS = 5 * 60_000
/** The SDK's `Model` union (api-facts.md B5): the ids the local Models API knows. */
const KNOWN_MODELS = [
  'claude-fable-5-2',
  'claude-mythos-5-2',
  'claude-haiku-5-5',
  'claude-sonnet-5-5',
  'claude-fable-5-1',
  'claude-opus-5-5',
  'claude-mythos-5-1',
  'claude-sonnet-5',
  'claude-fable-5',
  'claude-mythos-5',
  'claude-opus-5',
  'claude-opus-4-8',
  'claude-opus-4-7',
  'claude-mythos-preview',
  'claude-opus-4-6',
  'claude-sonnet-4-6',
  'claude-haiku-4-5',
  'claude-haiku-4-5-20251001',
  'claude-opus-4-5',
  'claude-opus-4-5-20251101',
  'claude-sonnet-4-5',
  'claude-sonnet-4-5-20250929'
]

/** Prefixes shorter than this are not cached (both counters stay 0). */
export const MIN_CACHEABLE_TOKENS = 1_024
/** Block boundaries before a breakpoint that are checked for hits. */
const LOOKBACK_BLOCKS = 20

/** Deterministic token count: about 4 characters per token. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4)
}

export class LocalAnthropic {
  readonly calls: RecordedCall[] = []
  /**
   * The summary's walkthrough requests, answered by `walkthrough` apart
   * from the test's script and kept apart from `calls`: a test of the
   * review counts its review's requests.
   */
  readonly walkthroughCalls: RecordedCall[] = []
  walkthrough: Script = () => ({
    content: [{ type: 'text', text: WALKTHROUGH_TEXT }]
  })
  /** Requests refused for their credentials (401), each one counted: retries show here. */
  authFailures = 0
  /** Requests the server rejected as the real API would (400). */
  readonly rejected: Array<{ body: unknown; message: string }> = []
  apiKey = 'sk-ant-test-key'
  /** The AWS access key id Bedrock requests must be signed with. */
  awsAccessKeyId = 'AKIAIOSFODNN7EXAMPLE'
  /** The OAuth access token Vertex requests must carry. */
  vertexAccessToken = 'ya29.test-access-token'
  /** The platform of each accepted request, in order. */
  readonly platforms: Platform[] = []
  /** The ids the Models API knows (the SDK's model list, as of its release). */
  readonly models = new Set(KNOWN_MODELS)
  /** Models API lookups (GET /v1/models/{id}), in order. */
  readonly modelLookups: string[] = []
  private readonly cache = new Map<string, number>()
  private server?: Server
  private readonly started = Date.now()

  constructor(public script: Script) {}

  /** Listens on 127.0.0.1 (`port` 0: any free port); its URL. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) =>
      this.server!.listen(port, '127.0.0.1', resolve)
    )
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve()
    )
  }

  /** GET /v1/models/{id}: the model, or a 404 as the real API answers it. */
  private model(req: IncomingMessage, res: ServerResponse, id: string): void {
    const key =
      String(req.headers['x-api-key'] ?? '') ||
      (req.headers.authorization ?? '').replace(/^Bearer /, '')
    if (key !== this.apiKey) {
      this.authFailures++
      return this.error(res, 401, 'authentication_error', 'invalid x-api-key')
    }
    const model = decodeURIComponent(id)
    this.modelLookups.push(model)
    if (!this.models.has(model))
      return this.error(res, 404, 'not_found_error', `model: ${model}`)
    res.writeHead(200, {
      'content-type': 'application/json',
      'request-id': `req_model_${this.modelLookups.length}`
    })
    res.end(
      JSON.stringify({
        type: 'model',
        id: model,
        display_name: model,
        created_at: '2026-09-28T00:00:00Z'
      })
    )
  }

  /** Forgets cached prefixes (a cold cache). */
  clearCache(): void {
    this.cache.clear()
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse
  ): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const lookup = /^\/v1\/models\/([^/?]+)/.exec(req.url ?? '')
    if (req.method === 'GET' && lookup) return this.model(req, res, lookup[1])
    const route = this.route(req)
    if (route === 'auth') this.authFailures++
    if (typeof route === 'string')
      return this.error(
        res,
        route === 'auth' ? 401 : 404,
        route === 'auth' ? 'authentication_error' : 'not_found_error',
        route === 'auth'
          ? 'invalid credentials'
          : `${req.method} ${req.url} is not an endpoint here`
      )
    let body: MessagesBody
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessagesBody
    } catch {
      return this.error(res, 400, 'invalid_request_error', 'body is not JSON')
    }
    if (route.platform !== 'anthropic') {
      // Bedrock and Vertex take the model from the path and the API version in the body.
      if (
        typeof body.anthropic_version !== 'string' ||
        Object.hasOwn(body, 'model')
      ) {
        const message =
          'anthropic_version is required in the body and model must not be there'
        this.rejected.push({ body, message })
        return this.error(res, 400, 'invalid_request_error', message)
      }
      body.model = route.model ?? ''
    }
    const problem = validate(
      body,
      route.platform === 'anthropic'
        ? String(req.headers['anthropic-version'] ?? '')
        : String(body.anthropic_version)
    )
    if (problem) {
      this.rejected.push({ body, message: problem })
      return this.error(res, 400, 'invalid_request_error', problem)
    }
    const index = this.calls.length
    const usage = this.account(body)
    const call: RecordedCall = {
      body,
      headers: req.headers,
      usage,
      at: Date.now() - this.started
    }
    const walkthrough = JSON.stringify(body.system ?? '').includes(
      WALKTHROUGH_SYSTEM_START
    )
    ;(walkthrough ? this.walkthroughCalls : this.calls).push(call)
    // Index for index with `calls`.
    if (!walkthrough) this.platforms.push(route.platform)
    const reply = await (walkthrough ? this.walkthrough : this.script)(body, {
      index,
      calls: this.calls
    })
    if (reply.error) {
      return this.error(
        res,
        reply.error.status,
        reply.error.type,
        reply.error.message,
        reply.error.headers
      )
    }
    if (reply.holdStartUntil) {
      const closed = new Promise<'closed'>((resolve) =>
        res.on('close', () => resolve('closed'))
      )
      // Abandoned while held (a client timeout): nothing is cached or sent,
      // so a later test never reads this request's cache entry.
      if ((await Promise.race([reply.holdStartUntil, closed])) === 'closed')
        return
    }
    await sleep(reply.firstByteMs ?? 0)
    this.commitCache(body, usage)
    call.firstByteAt = Date.now() - this.started
    await this.stream(
      res,
      body,
      reply,
      usage,
      route.platform === 'bedrock' ? 'eventstream' : 'sse'
    )
  }

  /**
   * Which API a request speaks, with its credentials checked: Anthropic
   * (`/v1/messages`, API key), Bedrock (`/model/{id}/invoke-with-response-stream`,
   * SigV4) or Vertex (`…/publishers/anthropic/models/{id}:streamRawPredict`, OAuth token).
   */
  private route(
    req: IncomingMessage
  ): { platform: Platform; model?: string } | 'auth' | 'unknown' {
    const url = req.url ?? ''
    const auth = req.headers.authorization ?? ''
    if (req.method !== 'POST') return 'unknown'
    if (url.startsWith('/v1/messages')) {
      const key =
        auth.replace(/^Bearer /, '') || String(req.headers['x-api-key'] ?? '')
      return key === this.apiKey ? { platform: 'anthropic' } : 'auth'
    }
    const bedrock = /^\/model\/([^/]+)\/invoke-with-response-stream$/.exec(url)
    if (bedrock) {
      return auth.startsWith(
        `AWS4-HMAC-SHA256 Credential=${this.awsAccessKeyId}/`
      )
        ? { platform: 'bedrock', model: decodeURIComponent(bedrock[1]) }
        : 'auth'
    }
    const vertex =
      /^\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/([^/:]+):streamRawPredict$/.exec(
        url
      )
    if (vertex) {
      return auth === `Bearer ${this.vertexAccessToken}`
        ? { platform: 'vertex', model: decodeURIComponent(vertex[1]) }
        : 'auth'
    }
    return 'unknown'
  }

  /** Splits a request into cacheable blocks in the API's order: tools, system, messages. */
  private blocks(
    body: MessagesBody
  ): Array<{ key: string; tokens: number; breakpoint: boolean }> {
    const out: Array<{ key: string; tokens: number; breakpoint: boolean }> = []
    let hash = createHash('sha256').update(body.model).digest('hex')
    const push = (value: unknown): void => {
      const { cache_control, ...rest } = (
        typeof value === 'object' && value !== null ? value : { text: value }
      ) as Record<string, unknown>
      const text = JSON.stringify(rest)
      hash = createHash('sha256').update(hash).update(text).digest('hex')
      out.push({
        key: hash,
        tokens: countTokens(text),
        breakpoint: cache_control !== undefined
      })
    }
    for (const tool of body.tools ?? []) push(tool)
    if (typeof body.system === 'string')
      push({ type: 'text', text: body.system })
    else for (const block of body.system ?? []) push(block)
    for (const message of body.messages) {
      const content =
        typeof message.content === 'string'
          ? [{ type: 'text', text: message.content }]
          : message.content
      content.forEach((block, i) =>
        push(i === 0 ? { role: message.role, ...block } : block)
      )
    }
    return out
  }

  /** Usage of a request: the longest cached prefix is read, the rest up to the last breakpoint written. */
  private account(body: MessagesBody): ServerUsage & { pendingKeys: string[] } {
    const blocks = this.blocks(body)
    const now = Date.now()
    const total = blocks.reduce((sum, b) => sum + b.tokens, 0)
    const prefixTokens: number[] = []
    blocks.reduce((sum, b, i) => (prefixTokens[i] = sum + b.tokens), 0)
    const breakpoints = blocks.flatMap((b, i) => (b.breakpoint ? [i] : []))
    let hit = -1
    for (const bp of breakpoints) {
      for (let i = bp; i >= Math.max(0, bp - LOOKBACK_BLOCKS); i--) {
        const expires = this.cache.get(blocks[i].key)
        if (expires !== undefined && expires > now && i > hit) hit = i
      }
    }
    const last =
      breakpoints.length > 0 ? breakpoints[breakpoints.length - 1] : -1
    const read = hit >= 0 ? prefixTokens[hit] : 0
    const cacheable =
      last >= 0 && prefixTokens[last] >= MIN_CACHEABLE_TOKENS && last > hit
    const write = cacheable ? prefixTokens[last] - read : 0
    const pendingKeys = breakpoints
      .filter((bp) => prefixTokens[bp] >= MIN_CACHEABLE_TOKENS)
      .map((bp) => blocks[bp].key)
    if (hit >= 0) pendingKeys.push(blocks[hit].key)
    return {
      input_tokens: total - read - write,
      output_tokens: 0,
      cache_creation_input_tokens: write,
      cache_read_input_tokens: read,
      pendingKeys
    }
  }

  /** Like the real API, a cache entry is readable from the response's first byte. */
  private commitCache(
    _body: MessagesBody,
    usage: ServerUsage & { pendingKeys?: string[] }
  ): void {
    const expires = Date.now() + CACHE_TTL_MS
    for (const key of usage.pendingKeys ?? []) this.cache.set(key, expires)
    delete usage.pendingKeys
  }

  private async stream(
    res: ServerResponse,
    body: MessagesBody,
    reply: ScriptedReply,
    usage: ServerUsage,
    format: 'sse' | 'eventstream' = 'sse'
  ): Promise<void> {
    const scripted = reply.content ?? [{ type: 'text', text: 'No findings.' }]
    const wanted =
      reply.output_tokens ?? Math.max(1, countTokens(JSON.stringify(scripted)))
    // Like the real API, an answer longer than max_tokens is cut there.
    const cut = wanted > body.max_tokens
    const content: ScriptBlock[] = cut
      ? [{ type: 'text', text: 'The answer was cut at max_tokens' }]
      : scripted
    const outputTokens = cut ? body.max_tokens : wanted
    usage.output_tokens = outputTokens
    res.writeHead(200, {
      'content-type':
        format === 'sse'
          ? 'text/event-stream'
          : 'application/vnd.amazon.eventstream',
      'cache-control': 'no-cache',
      'request-id': `req_${this.calls.length}`
    })
    const send = (event: string, data: unknown): void => {
      if (format === 'sse') {
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
        return
      }
      // Bedrock: each event is an AWS event-stream `chunk` whose bytes are the JSON event.
      const payload = JSON.stringify({
        bytes: Buffer.from(JSON.stringify(data)).toString('base64')
      })
      res.write(
        EVENT_STREAM.encode({
          headers: {
            ':event-type': { type: 'string', value: 'chunk' },
            ':content-type': { type: 'string', value: 'application/json' },
            ':message-type': { type: 'string', value: 'event' }
          },
          body: new TextEncoder().encode(payload)
        })
      )
    }
    const id = `msg_${this.calls.length}`
    send('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 }
      }
    })
    await reply.holdUntil
    if (reply.resetAfterStart) {
      res.socket?.destroy()
      return
    }
    if (reply.streamFault && format === 'sse') {
      if (reply.streamFault === 'malformed-event')
        res.write(
          'event: content_block_start\ndata: {"type": "content_block_st\n\n'
        )
      if (reply.streamFault === 'error-event')
        send('error', {
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' }
        })
      res.end()
      return
    }
    await sleep(Math.max(0, (reply.totalMs ?? 0) - (reply.firstByteMs ?? 0)))
    content.forEach((block, index) => {
      if (block.type === 'text') {
        send('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'text', text: '' }
        })
        send('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'text_delta', text: block.text }
        })
      } else if (block.type === 'thinking') {
        send('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'thinking', thinking: '', signature: '' }
        })
        send('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'thinking_delta', thinking: block.thinking }
        })
        send('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'signature_delta', signature: block.signature }
        })
      } else {
        const toolId = block.id ?? `toolu_${this.calls.length}_${index}`
        send('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: {
            type: 'tool_use',
            id: toolId,
            name: block.name,
            input: {}
          }
        })
        send('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: {
            type: 'input_json_delta',
            partial_json: block.rawJson ?? JSON.stringify(block.input)
          }
        })
      }
      send('content_block_stop', { type: 'content_block_stop', index })
    })
    const stop = cut
      ? 'max_tokens'
      : (reply.stop_reason ??
        (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'))
    send('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stop, stop_sequence: null },
      usage: { output_tokens: outputTokens }
    })
    send('message_stop', { type: 'message_stop' })
    res.end()
  }

  private error(
    res: ServerResponse,
    status: number,
    type: string,
    message: string,
    headers: Record<string, string> = {}
  ): void {
    // A local server has no load to shed: it asks for a quick retry, in
    // the header the SDK honours first, unless the test set its own.
    const quick =
      RETRYABLE.test(String(status)) &&
      !Object.keys(headers).some((h) => h.startsWith('retry-after'))
        ? { 'retry-after-ms': '10' }
        : {}
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': 'req_error',
      ...quick,
      ...headers
    })
    res.end(JSON.stringify({ type: 'error', error: { type, message } }))
  }
}

/** Statuses the SDK retries. */
const RETRYABLE = /^(408|409|429|5\d\d)$/

/** What the real API rejects with a 400 that our client could send. */
export function validate(
  body: MessagesBody,
  version: string
): string | undefined {
  if (typeof body.model !== 'string' || body.model === '')
    return 'model: field required'
  if (typeof body.max_tokens !== 'number') return 'max_tokens: field required'
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return 'messages: at least one message is required'
  if (version >= '2026-10-21') {
    for (const field of ['temperature', 'top_p', 'top_k']) {
      if (field in body)
        return `${field}: not supported with anthropic-version ${version}`
    }
  }
  if (
    NO_FORCED_TOOL_CHOICE.test(body.model) &&
    body.tool_choice &&
    ['any', 'tool'].includes(body.tool_choice.type)
  ) {
    return `tool_choice: forced tool use is not supported on ${body.model}`
  }
  for (const tool of body.tools ?? []) {
    const schema = tool.input_schema as { type?: string } | undefined
    if (
      typeof tool.name !== 'string' ||
      !/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)
    )
      return `tools: invalid name ${String(tool.name)}`
    if (schema && !compilesAsJsonSchema(schema))
      return `tools.${String(tool.name)}.input_schema: not a valid JSON Schema`
    if (!schema || schema.type !== 'object')
      return `tools.${tool.name}.input_schema: type must be "object"`
  }
  let breakpoints = 0
  const count = (block: unknown): void => {
    if (block && typeof block === 'object' && 'cache_control' in block)
      breakpoints++
  }
  ;(body.tools ?? []).forEach(count)
  if (Array.isArray(body.system)) body.system.forEach(count)
  let previousRole = ''
  let pendingToolUses = new Set<string>()
  for (const [i, message] of body.messages.entries()) {
    if (message.role !== 'user' && message.role !== 'assistant')
      return `messages.${i}.role: must be user or assistant`
    if (i === 0 && message.role !== 'user')
      return 'messages.0: the first message must use the user role'
    if (message.role === previousRole)
      return `messages.${i}: roles must alternate between user and assistant`
    const content = typeof message.content === 'string' ? [] : message.content
    content.forEach(count)
    if (message.role === 'user') {
      const results = content
        .filter((b) => b.type === 'tool_result')
        .map((b) => String(b.tool_use_id))
      for (const id of results) {
        if (!pendingToolUses.has(id))
          return `messages.${i}: tool_result ${id} answers no tool_use of the previous assistant turn`
      }
      for (const id of pendingToolUses) {
        if (!results.includes(id))
          return `messages.${i}: tool_use ${id} of the previous turn has no tool_result`
      }
      pendingToolUses = new Set()
    } else {
      pendingToolUses = new Set(
        content.filter((b) => b.type === 'tool_use').map((b) => String(b.id))
      )
    }
    previousRole = message.role
  }
  if (breakpoints > 4)
    return `A maximum of 4 blocks with cache_control may be provided. Found ${breakpoints}.`
  return undefined
}

const jsonSchema = new (
  createRequire(import.meta.url)('ajv/dist/2020').default as new (
    options: object
  ) => {
    compile(schema: object): unknown
  }
)({ strict: false })

/** Tool schemas are JSON Schema (draft 2020-12); one that does not compile is rejected. */
function compilesAsJsonSchema(schema: object): boolean {
  try {
    jsonSchema.compile(schema)
    return true
  } catch {
    return false
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
