/**
 * The review engine's two promises, measured on a 40-file reference PR with
 * the local Messages API server answering each turn in 2 s (first byte
 * after 0.5 s; a cache entry readable from the first byte, as on the real
 * API): five areas cost little more wall time than one, and caching cuts
 * the billed input. Usage comes from what the server reports.
 */
import { loadAgent, selectAreas } from '../src/agents/agent-loader.js'
import { parseGitDiff } from '../src/diff/git-diff-parser.js'
import { planReview } from '../src/plan/review-plan.js'
import { openGitFiles } from '../src/repository/git-files.js'
import { createAnthropicClient } from '../src/review/model-client.js'
import { costOf } from '../src/vocabulary/usage.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import type { RecordedCall } from '../dev/anthropic-server.js'
import { gitDiff } from '../dev/git-fixture.js'
import {
  handlersRepository,
  handlersReviewer
} from '../dev/reference-pull-request.js'
import { reviewWith } from '../test/helpers/review-fixture.js'

const MODEL = 'claude-sonnet-5-5'
export const TURN_MS = 2_000
export const FIRST_BYTE_MS = 500
export const FILES = 40

export interface ReviewRun {
  areas: number
  caching: boolean
  wallMs: number
  calls: number
  input: number
  cacheWrite: number
  cacheRead: number
  /** input + 1.25 × cache write + 0.1 × cache read. */
  billedInput: number
  /** What the server billed, at list prices (output included). */
  costUsd: number
  /** The plan's estimate for the same review. */
  estimateUsd: number
}

function billed(calls: RecordedCall[]) {
  const sum = (pick: (c: RecordedCall) => number) =>
    calls.reduce((total, c) => total + pick(c), 0)
  const input = sum((c) => c.usage.input_tokens)
  const cacheWrite = sum((c) => c.usage.cache_creation_input_tokens)
  const cacheRead = sum((c) => c.usage.cache_read_input_tokens)
  const output = sum((c) => c.usage.output_tokens)
  return {
    input,
    cacheWrite,
    cacheRead,
    billedInput: input + 1.25 * cacheWrite + 0.1 * cacheRead,
    costUsd: costOf({ input, cacheWrite, cacheRead, output }, MODEL)!
  }
}

/** Runs the three reviews: five areas cached, one area cached, five areas uncached. */
export async function runReviewBench(): Promise<{
  units: number
  fiveCached: ReviewRun
  oneCached: ReviewRun
  fiveUncached: ReviewRun
}> {
  const { repo, base, head } = handlersRepository(FILES)
  // Each pass: one turn reading the code, one turn reporting.
  const server = new LocalAnthropic((body) => ({
    firstByteMs: FIRST_BYTE_MS,
    totalMs: TURN_MS,
    ...handlersReviewer(body)
  }))
  const url = await server.start()
  try {
    const files = parseGitDiff(gitDiff(repo, base, head))
    const plan = planReview(files, [], 40_000)
    const agent = await loadAgent({ agent: 'backend-architect' })
    const view = (await openGitFiles(repo.dir, head))!
    const run = async (
      areaIds: string[],
      caching: boolean
    ): Promise<ReviewRun> => {
      server.calls.length = 0
      server.clearCache()
      const started = performance.now()
      const review = await reviewWith({
        changed: files,
        headSha: head,
        plan,
        agent,
        areas: selectAreas(agent, areaIds),
        model: MODEL,
        subject: {
          title: 'Orders handlers',
          body: 'Adds order handlers.',
          reference: 'bench#1'
        },
        files: view,
        workspace: repo.dir,
        blockedPaths: [],
        maxTurns: 8,
        concurrency: 5,
        instructions: '',
        client: createAnthropicClient({
          apiKey: server.apiKey,
          baseURL: url,
          maxRetries: 0,
          timeoutMs: 60_000
        }),
        caching
      })
      const wallMs = performance.now() - started
      if (!review.complete) throw new Error('bench review did not complete')
      if (server.rejected.length > 0)
        throw new Error(`server rejected: ${server.rejected[0].message}`)
      return {
        areas: areaIds.length || 5,
        caching,
        wallMs,
        calls: server.calls.length,
        ...billed(server.calls),
        estimateUsd: review.planned.estimate.costUsd!
      }
    }
    const fiveCached = await run([], true)
    const oneCached = await run(['security'], true)
    const fiveUncached = await run([], false)
    return { units: plan.units.length, fiveCached, oneCached, fiveUncached }
  } finally {
    await server.stop()
    repo.cleanup()
  }
}
