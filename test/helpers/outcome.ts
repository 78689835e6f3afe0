/** A ReviewOutcome built around given ledger findings, for report and publishing tests. */
import type { LedgerFinding } from '../../src/findings/ledger.js'
import type { ReviewedOutcome } from '../../src/outcome/review-outcome.js'
import type { PassOutcome } from '../../src/vocabulary/pass.js'
import { NO_USAGE } from '../../src/vocabulary/usage.js'

export const HEAD = 'a'.repeat(40)

export function outcomeWith(
  findings: LedgerFinding[],
  over: Partial<ReviewedOutcome> & { unfinished?: PassOutcome[] } = {}
): ReviewedOutcome {
  return {
    kind: 'reviewed',
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
        model: 'claude-sonnet-5-5',
        passes: 2,
        inputTokens: 0,
        cacheWriteTokens: 0,
        cacheReadTokens: 0,
        outputTokens: 0,
        costUsd: 0
      }
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
    // Tests of reports and publishing give a state only where they read it.
  } as ReviewedOutcome
}
