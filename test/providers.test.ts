/**
 * Tests for the `provider` input: Bedrock and Vertex through their official
 * SDKs, against the local server speaking each platform's protocol
 * (Bedrock: SigV4-signed requests, AWS event-stream responses; Vertex:
 * OAuth bearer token, server-sent events).
 */
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  vi
} from 'vitest'
import { priceOf } from '../src/vocabulary/model-pricing.js'
import {
  BrokenStreamError,
  createAnthropicClient
} from '../src/review/model-client.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import {
  createReviewFixture,
  reviewWith,
  sqlInjection
} from './helpers/review-fixture.js'
import { areaOf, report } from '../dev/review-script.js'
import type { ReviewFixture } from './helpers/review-fixture.js'

let fixture: ReviewFixture
let server: LocalAnthropic
let url: string

beforeAll(async () => {
  fixture = createReviewFixture()
  server = new LocalAnthropic((body) => ({
    content: [report(areaOf(body) === 'security' ? [sqlInjection] : [])]
  }))
  url = await server.start()
})
afterAll(async () => {
  await server.stop()
  fixture.repo.cleanup()
})
afterEach(() => {
  vi.unstubAllEnvs()
  expect(server.rejected).toEqual([])
})

async function securityReview(
  client: ReturnType<typeof createAnthropicClient>,
  model: string
) {
  const options = await fixture.options(
    { url, apiKey: server.apiKey },
    { client, model }
  )
  return reviewWith({
    ...options,
    areas: options.areas.filter((a) => a.id === 'security')
  })
}

describe('providers', () => {
  it('reviews through Amazon Bedrock with the standard AWS credentials', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', server.awsAccessKeyId)
    vi.stubEnv(
      'AWS_SECRET_ACCESS_KEY',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    )
    vi.stubEnv('AWS_SESSION_TOKEN', '')
    const before = server.calls.length
    const client = createAnthropicClient({
      provider: 'bedrock',
      apiKey: '',
      baseURL: url,
      awsRegion: 'us-east-1',
      maxRetries: 0,
      timeoutMs: 30_000
    })
    const review = await securityReview(
      client,
      'us.anthropic.claude-sonnet-5-5-v1:0'
    )
    expect(review.findings.map((f) => f.status)).toEqual(['valid'])
    expect(server.platforms.slice(before)).toEqual(['bedrock'])
    expect(server.calls[before].headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/
    )
    expect(review.costUsd).toBeGreaterThan(0)
  })

  it('reviews through Google Vertex AI with an OAuth access token', async () => {
    vi.stubEnv('GOOGLE_OAUTH_ACCESS_TOKEN', server.vertexAccessToken)
    const before = server.calls.length
    const client = createAnthropicClient({
      provider: 'vertex',
      apiKey: '',
      baseURL: url,
      vertexRegion: 'us-east5',
      vertexProjectId: 'my-project',
      maxRetries: 0,
      timeoutMs: 30_000
    })
    const review = await securityReview(client, 'claude-sonnet-5-5@20260928')
    expect(review.findings.map((f) => f.status)).toEqual(['valid'])
    expect(server.platforms.slice(before)).toEqual(['vertex'])
    expect(server.calls[before].body.model).toBe('claude-sonnet-5-5@20260928')
  })

  it('prices Bedrock and Vertex model ids like the Anthropic ones', () => {
    const sonnet = priceOf('claude-sonnet-5-5')
    expect(priceOf('us.anthropic.claude-sonnet-5-5-v1:0')).toEqual(sonnet)
    expect(priceOf('anthropic.claude-sonnet-5-5-v1')).toEqual(sonnet)
    expect(priceOf('claude-sonnet-5-5@20260928')).toEqual(sonnet)
    expect(priceOf('my-gateway-model')).toBeUndefined()
  })
})

describe('broken streams', () => {
  /** A client of the local server with `maxRetries`, and one short request. */
  const setUp = async (
    fault: 'end-early' | 'error-event',
    maxRetries: number
  ) => {
    const server = new LocalAnthropic(() => ({ streamFault: fault }))
    const client = createAnthropicClient({
      apiKey: server.apiKey,
      baseURL: await server.start(),
      maxRetries,
      timeoutMs: 10_000
    })
    const request = {
      model: 'claude-sonnet-5-5',
      max_tokens: 100,
      messages: [{ role: 'user' as const, content: 'hi' }]
    }
    return { server, send: () => client.send(request) }
  }

  it('sends a turn again after each break, up to the client bound, then fails with what broke', async () => {
    const { server, send } = await setUp('end-early', 1)
    try {
      await expect(send()).rejects.toThrow(
        new BrokenStreamError(
          "The answer's stream broke 2 time(s); last: the stream ended before message_stop."
        )
      )
      expect(server.calls).toHaveLength(2)
    } finally {
      await server.stop()
    }
  })

  it('with no retries allowed, an overloaded event fails the turn at once, naming it', async () => {
    const { server, send } = await setUp('error-event', 0)
    try {
      await expect(send()).rejects.toThrow(
        /stream broke 1 time\(s\); last: the API sent an 'overloaded_error' event/
      )
      expect(server.calls).toHaveLength(1)
    } finally {
      await server.stop()
    }
  })
})
