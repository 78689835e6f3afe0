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
import { createAnthropicClient } from '../src/review/model-client.js'
import { LocalAnthropic } from './helpers/anthropic-server.js'
import {
  areaOf,
  createReviewFixture,
  report,
  reviewWith,
  sqlInjection
} from './helpers/review-fixture.js'
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
