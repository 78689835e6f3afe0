/**
 * A pull request in a real git repository, planned and ready to review
 * through the real SDK against a LocalAnthropic server.
 */
import { readSettings } from '../../src/settings.js'
import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { loadAgent, selectAreas } from '../../src/agents/agent-loader.js'
import { parseGitDiff } from '../../src/diff/git-diff-parser.js'
import { planReview } from '../../src/plan/review-plan.js'
import { openGitFiles } from '../../src/repository/git-files.js'
import { createAnthropicClient } from '../../src/review/model-client.js'
import type { Agent, ReviewArea } from '../../src/agents/agent.js'
import type { ChangedFile } from '../../src/diff/types.js'
import { reviewChange } from '../../src/pipeline/review-change.js'
import type { ReviewOutcome } from '../../src/outcome/review-outcome.js'
import type { ReviewPlan } from '../../src/plan/review-plan.js'
import type { RepositoryFiles } from '../../src/repository/repository-files.js'
import type { ModelClient } from '../../src/review/model-client.js'
import type { PromptSubject } from '../../src/review/prompt.js'
import type { ReviewFinding } from '../../src/findings/finding.js'
import type { Severity } from '../../src/vocabulary/severity.js'
import type {
  LocalAnthropic,
  MessagesBody,
  ScriptedReply
} from '../../dev/anthropic-server.js'
import {
  areaOf,
  isVerification,
  report,
  verdicts
} from '../../dev/review-script.js'
import { createGitFixture, gitDiff } from '../../dev/git-fixture.js'
import type { GitFixture } from '../../dev/git-fixture.js'

export const ORDERS_HEAD = [
  "import { db } from './db.js'",
  '',
  'export async function findOrder(req) {',
  '  const id = req.params.id',
  "  return db.query('SELECT * FROM orders WHERE id = ' + id)",
  '}',
  '',
  'export async function listOrders() {',
  "  return db.query('SELECT * FROM orders')",
  '}',
  ''
].join('\n')

/** One review of a fixture's change, as the engine tests set it up. */
export interface ReviewChangeOptions {
  /** The change's files (all of them: anchoring needs them). */
  changed: ChangedFile[]
  headSha: string
  plan: ReviewPlan
  agent: Agent
  areas: ReviewArea[]
  model: string
  subject: PromptSubject
  files: RepositoryFiles
  workspace?: string
  blockedPaths: string[]
  maxTurns: number
  concurrency: number
  effort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max'
  instructions: string
  client: ModelClient
  caching?: boolean
  deadline?: number
  contextTokens?: number
  secrets?: string[]
  verify?: { severities: Severity[]; model: string }
  log?: (line: string) => void
}

export interface ReviewFixture {
  repo: GitFixture
  base: string
  head: string
  options(
    server: { url: string; apiKey: string },
    overrides?: Partial<ReviewChangeOptions>
  ): Promise<ReviewChangeOptions>
}

/** A repository whose PR adds an SQL injection in src/orders.ts and touches src/db.ts. */
export function createReviewFixture(): ReviewFixture {
  const repo = createGitFixture()
  repo.write('src/db.ts', 'export const db = { query: (sql) => sql }\n')
  repo.write('src/orders.ts', "import { db } from './db.js'\n")
  repo.write('.env', 'DATABASE_PASSWORD=hunter2-fixture-secret\n')
  symlinkSync('/etc/passwd', join(repo.dir, 'passwd-link'))
  const base = repo.commit('base')
  repo.write('src/orders.ts', ORDERS_HEAD)
  repo.write(
    'src/db.ts',
    'export const db = { query: (sql) => sql, pool: 10 }\n'
  )
  const head = repo.commit('add orders')
  return {
    repo,
    base,
    head,
    async options(server, overrides = {}) {
      const files = parseGitDiff(gitDiff(repo, base, head))
      const agent = await loadAgent({ agent: 'backend-architect' })
      return {
        changed: files,
        headSha: head,
        plan: planReview(files, [], 40_000),
        agent,
        areas: selectAreas(agent, []),
        model: 'claude-sonnet-5-5',
        subject: {
          title: 'Add order lookup',
          body: 'Adds findOrder.',
          reference: 'octo/shop#7'
        },
        files: (await openGitFiles(repo.dir, head))!,
        workspace: repo.dir,
        blockedPaths: [],
        maxTurns: 8,
        concurrency: 5,
        instructions: '',
        client: createAnthropicClient({
          apiKey: server.apiKey,
          baseURL: server.url,
          maxRetries: 0,
          timeoutMs: 30_000
        }),
        ...overrides
      }
    }
  }
}

/**
 * Runs the one pipeline on a fixture's change. Engine tests read the raw
 * pass findings (`findings`) and whether every pass completed; the rest
 * read the ledger.
 */
export async function reviewWith(
  options: ReviewChangeOptions
): Promise<ReviewOutcome & { findings: ReviewFinding[]; complete: boolean }> {
  const outcome = await reviewChange(
    {
      files: options.changed,
      headSha: options.headSha,
      subject: options.subject
    },
    {
      settings: {
        ...readSettings(() => '', {}),
        blockedPaths: options.blockedPaths,
        maxTurns: options.maxTurns,
        concurrency: options.concurrency,
        effort: options.effort,
        instructions: options.instructions,
        maxContextTokens: options.contextTokens ?? 0,
        verify: options.verify?.severities ?? [],
        verifyModel: options.verify?.model ?? 'claude-haiku-5-5',
        minConfidence: 0,
        incremental: false
      },
      agent: options.agent,
      areas: options.areas,
      model: options.model
    },
    {
      client: options.client,
      repository: options.files,
      workspace: options.workspace,
      caching: options.caching,
      deadline: options.deadline,
      secrets: options.secrets ?? [],
      log: options.log
    }
  )
  return {
    ...outcome,
    findings: outcome.passes.flatMap((p) => p.findings),
    complete: outcome.unfinished.length === 0
  }
}

export const sqlInjection = {
  area: 'security',
  severity: 'critical',
  confidence: 0.95,
  path: 'src/orders.ts',
  line: 5,
  title: 'SQL injection in findOrder',
  problem:
    'req.params.id is concatenated into SQL; id=1 OR 1=1 returns every order.',
  recommendation:
    'Use a parameterized query: db.query("... WHERE id = $1", [id]).',
  evidence: "  return db.query('SELECT * FROM orders WHERE id = ' + id)"
}

export type { LocalAnthropic }

/** The security pass reports the SQL injection, the other areas nothing; the verifier keeps it. */
export function securityFindsInjection(body: MessagesBody): ScriptedReply {
  return isVerification(body)
    ? verdicts(body, () => ({ keep: true, reason: 'Real.' }))
    : { content: [report(areaOf(body) === 'security' ? [sqlInjection] : [])] }
}
