/**
 * What a review costs and how soon it starts, through the one pipeline and
 * the real SDK against the local Messages API server (token counts as the
 * server reports them, priced at list prices):
 * - a small reference PR (5 files, 5 areas, verification on): prompt cost
 *   per request kind, and the passes' billed input cached vs uncached;
 * - time from the start of the review to its first model request, for a
 *   30-unit PR and a 1-unit PR over a 20,000-file repository, and the wall
 *   time of gathering all 30 units' context;
 * - the plan's cost estimate against the measured cost of each bench PR.
 */
import { loadAgent, selectAreas } from '../src/agents/agent-loader.js'
import { parseGitDiff } from '../src/diff/git-diff-parser.js'
import { reviewChange } from '../src/pipeline/review-change.js'
import { openGitFiles } from '../src/repository/git-files.js'
import { createAnthropicClient } from '../src/review/model-client.js'
import type { ModelClient } from '../src/review/model-client.js'
import type { ProgressListener } from '../src/vocabulary/progress.js'
import { readSettings } from '../src/settings.js'
import type { ReviewSettings } from '../src/settings.js'
import { costOf } from '../src/vocabulary/usage.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import type { RecordedCall } from '../dev/anthropic-server.js'
import { createGitFixture, gitDiff } from '../dev/git-fixture.js'
import {
  referenceRepository,
  referenceReviewer
} from '../dev/reference-pull-request.js'
import type { GitFixture } from '../dev/git-fixture.js'
import { isVerification, report } from '../dev/review-script.js'

export const PASS_MODEL = 'claude-sonnet-5-5'
export const VERIFY_MODEL = 'claude-haiku-5-5'
/** ⅕ of the $0.107 Claude Code reports for one idle turn. */
export const SMALL_PR_BUDGET_USD = 0.021

export interface CostByKind {
  requests: number
  input: number
  cacheWrite: number
  cacheRead: number
  output: number
  costUsd: number
}

function costByKind(calls: RecordedCall[], model: string): CostByKind {
  const sum = (pick: (c: RecordedCall) => number): number =>
    calls.reduce((total, c) => total + pick(c), 0)
  const usage = {
    input: sum((c) => c.usage.input_tokens),
    cacheWrite: sum((c) => c.usage.cache_creation_input_tokens),
    cacheRead: sum((c) => c.usage.cache_read_input_tokens),
    output: sum((c) => c.usage.output_tokens)
  }
  return { requests: calls.length, ...usage, costUsd: costOf(usage, model)! }
}

/** Billed input in input-token units: input + 1.25 × cache write + 0.1 × cache read. */
export const billedInput = (c: CostByKind): number =>
  c.input + 1.25 * c.cacheWrite + 0.1 * c.cacheRead

interface BenchReview {
  settings: ReviewSettings
  repo: GitFixture
  base: string
  head: string
  client: ModelClient
  caching?: boolean
  onProgress?: ProgressListener
}

/** The SDK client against the local server, as the action builds it (no retries). */
function clientOf(server: LocalAnthropic, url: string): ModelClient {
  return createAnthropicClient({
    apiKey: server.apiKey,
    baseURL: url,
    maxRetries: 0,
    timeoutMs: 60_000
  })
}

/** The one pipeline on a bench change, with the bundled agent and every area. */
async function review(options: BenchReview) {
  const { settings, repo, base, head } = options
  const agent = await loadAgent({ agent: 'backend-architect' })
  const files = parseGitDiff(gitDiff(repo, base, head))
  return reviewChange(
    {
      files,
      headSha: head,
      subject: { title: 'Bench', body: '', reference: 'bench#1' }
    },
    { settings, agent, areas: selectAreas(agent, []), model: PASS_MODEL },
    {
      client: options.client,
      repository: (await openGitFiles(repo.dir, head))!,
      workspace: repo.dir,
      caching: options.caching,
      secrets: [],
      onProgress: options.onProgress
    }
  )
}

const benchSettings = (
  overrides: Partial<ReviewSettings> = {}
): ReviewSettings => ({
  ...readSettings(() => '', {}),
  model: PASS_MODEL,
  verifyModel: VERIFY_MODEL,
  incremental: false,
  minConfidence: 0,
  ...overrides
})

export interface SmallPrFigures {
  passes: CostByKind
  verification: CostByKind
  /** The summary's walkthrough, written once by the verify model. */
  walkthrough: CostByKind
  totalUsd: number
  uncachedPasses: CostByKind
  findings: number
  estimateUsd: number
}

/** The small reference PR, reviewed twice: as shipped, and with caching off. */
export async function runSmallPrBench(): Promise<SmallPrFigures> {
  const { repo, base, head } = referenceRepository()
  const server = new LocalAnthropic(referenceReviewer)
  const url = await server.start()
  try {
    const settings = benchSettings()
    const run = async (caching: boolean) => {
      server.calls.length = 0
      server.walkthroughCalls.length = 0
      server.clearCache()
      const outcome = await review({
        settings,
        repo,
        base,
        head,
        client: clientOf(server, url),
        caching
      })
      if (outcome.unfinished.length > 0)
        throw new Error('bench review did not complete')
      if (server.rejected.length > 0)
        throw new Error(`server rejected: ${server.rejected[0].message}`)
      const calls = [...server.calls]
      return {
        outcome,
        passes: costByKind(
          calls.filter((c) => !isVerification(c.body)),
          PASS_MODEL
        ),
        verification: costByKind(
          calls.filter((c) => isVerification(c.body)),
          VERIFY_MODEL
        ),
        walkthrough: costByKind([...server.walkthroughCalls], VERIFY_MODEL)
      }
    }
    const cached = await run(true)
    const uncached = await run(false)
    return {
      passes: cached.passes,
      verification: cached.verification,
      walkthrough: cached.walkthrough,
      totalUsd:
        cached.passes.costUsd +
        cached.verification.costUsd +
        cached.walkthrough.costUsd,
      uncachedPasses: uncached.passes,
      findings: cached.outcome.ledger.findings.length,
      estimateUsd: cached.outcome.planned.estimate.costUsd!
    }
  } finally {
    await server.stop()
    repo.cleanup()
  }
}

/** Files in the repository of the time-to-first-request bench. */
export const REPOSITORY_FILES = 20_000
export const MANY_UNITS = 30

export interface FirstRequestFigures {
  oneUnitMs: number
  manyUnitsMs: number
  units: number
  /** From the start of the review to the last unit's context. */
  contextAllMs: number
}

/**
 * Time to the first model request: a PR of `MANY_UNITS` units (one ~30 KB
 * handler each, over `max-diff-tokens`) against a PR of one of them, in a
 * 20,000-file repository; passes answer at once.
 */
export async function runFirstRequestBench(): Promise<FirstRequestFigures> {
  const repo = createGitFixture('architect-review-first-request-')
  try {
    for (let i = 0; i < REPOSITORY_FILES; i++)
      repo.write(
        `pkg${Math.floor(i / 400)}/module${i}.ts`,
        `export const value${i} = ${i}\nexport function f${i}() {\n  return value${i} * 2\n}\n`
      )
    const base = repo.commit('20k files')
    repo.git('repack', '-adq')
    const handler = (i: number): string =>
      Array.from(
        { length: 150 },
        (_, n) =>
          `export async function handle${i}_${n}(req) { return db.query('SELECT * FROM t${n} WHERE id = $1', [req.id]) }`
      ).join('\n')
    repo.write('services/handler0.ts', handler(0))
    const one = repo.commit('one unit')
    for (let i = 1; i < MANY_UNITS; i++)
      repo.write(`services/handler${i}.ts`, handler(i))
    const many = repo.commit('30 units')
    const server = new LocalAnthropic(() => ({ content: [report([])] }))
    const url = await server.start()
    try {
      const settings = benchSettings({
        maxDiffTokens: 5_000,
        verify: [],
        concurrency: 5
      })
      const client = clientOf(server, url)
      const timeToFirst = async (head: string) => {
        const started = performance.now()
        let first: number | undefined
        let lastContext = 0
        const outcome = await review({
          settings,
          repo,
          base,
          head,
          client: {
            send: (request, options) => {
              first ??= performance.now()
              return client.send(request, options)
            }
          },
          onProgress: (event) => {
            if (event.kind === 'context') lastContext = performance.now()
          }
        })
        if (first === undefined) throw new Error('no model request')
        return {
          ms: first - started,
          units: outcome.planned.plan.units.length,
          contextAllMs: lastContext - started
        }
      }
      const single = await timeToFirst(one)
      const multiple = await timeToFirst(many)
      return {
        oneUnitMs: single.ms,
        manyUnitsMs: multiple.ms,
        units: multiple.units,
        contextAllMs: multiple.contextAllMs
      }
    } finally {
      await server.stop()
    }
  } finally {
    repo.cleanup()
  }
}
