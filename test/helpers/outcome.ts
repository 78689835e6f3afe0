/** A ReviewOutcome built around given ledger findings, for report and publishing tests. */
import type { LedgerFinding } from '../../src/findings/ledger.js'
import type { ReviewOutcome } from '../../src/pipeline/review-change.js'
import type { PassOutcome } from '../../src/vocabulary/pass.js'
import { NO_USAGE } from '../../src/vocabulary/usage.js'

export const HEAD = 'a'.repeat(40)

export function outcomeWith(
  findings: LedgerFinding[],
  over: Partial<ReviewOutcome> & { unfinished?: PassOutcome[] } = {}
): ReviewOutcome {
  return {
    reviewed: true,
    headSha: HEAD,
    planned: {
      plan: {
        units: [],
        skipped: [
          { path: 'yarn.lock', category: 'lockfile', reason: 'lockfile' }
        ],
        totalFiles: 2,
        reviewedFiles: 1,
        diffTokens: 100,
        maxDiffTokens: 40_000
      },
      estimate: {
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0
      } as ReviewOutcome['planned']['estimate']
    },
    agent: 'backend-architect',
    model: 'claude-sonnet-5-5',
    areas: ['api', 'security'],
    grantedTools: ['Read', 'Grep', 'Glob'],
    withheldTools: ['Bash'],
    unavailableTools: [],
    shards: {
      shares: [new Map([['unit-1', ['api', 'security']]])],
      plan: 'a'.repeat(64)
    },
    scope: { description: 'full review (no earlier review)', passCount: 2 },
    passes: [],
    unfinished: [],
    ledger: { findings, invalid: [] },
    usage: NO_USAGE,
    costUsd: 0.0123,
    turns: 7,
    toolCalls: 2,
    context: [],
    ...over
  }
}
