/**
 * A pull request in a real git repository, planned and ready to review
 * through the real SDK against a LocalAnthropic server.
 */
import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { loadAgent, selectAreas } from '../../src/agents/agent-loader.js'
import { parseGitDiff } from '../../src/diff/git-diff-parser.js'
import { planReview } from '../../src/plan/review-plan.js'
import { openGitFiles } from '../../src/repository/git-files.js'
import { createAnthropicClient } from '../../src/review/model-client.js'
import { reviewChange } from '../../src/review/review-change.js'
import type { ReviewChangeOptions } from '../../src/review/review-change.js'
import type {
  LocalAnthropic,
  MessagesBody,
  ScriptBlock
} from './anthropic-server.js'
import { createGitFixture, gitDiff } from './git-fixture.js'
import type { GitFixture } from './git-fixture.js'

export const ORDERS_HEAD = [
  "import { db } from './db'",
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
  repo.write('src/orders.ts', "import { db } from './db'\n")
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

export function reviewWith(options: ReviewChangeOptions) {
  return reviewChange(options)
}

/** The area of a request (from its pass instructions). */
export function areaOf(body: MessagesBody): string {
  const first = body.messages[0].content
  const text =
    typeof first === 'string'
      ? first
      : first.map((b) => String(b.text ?? '')).join('\n')
  return /# This pass: .* \(area `([a-z-]+)`\)/.exec(text)?.[1] ?? 'unknown'
}

/** How many assistant turns the conversation already has. */
export function turnOf(body: MessagesBody): number {
  return body.messages.filter((m) => m.role === 'assistant').length
}

/** The tool_result blocks of the request's last message. */
export function toolResults(
  body: MessagesBody
): Array<{ tool_use_id: string; content: string; is_error?: boolean }> {
  const last = body.messages[body.messages.length - 1]
  if (typeof last.content === 'string') return []
  return last.content.filter(
    (b) => b.type === 'tool_result'
  ) as unknown as Array<{
    tool_use_id: string
    content: string
    is_error?: boolean
  }>
}

export const report = (findings: unknown[]): ScriptBlock => ({
  type: 'tool_use',
  name: 'report_findings',
  input: { findings }
})

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
