/**
 * What a benchmark run would do, without a key: the set's PRs and what
 * reviewing and judging them should cost — from each PR's own plan when
 * its code is in the cache, else from a typical PR (said so per row).
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Reviewer } from '../front-end/reviewer.js'
import { estimatePassUsage } from '../plan/cost-estimate.js'
import type { ReviewSettings } from '../settings.js'
import { addUsage, costOf, NO_USAGE } from '../vocabulary/usage.js'
import type { BenchmarkCase } from './benchmark-sets.js'
import type { PrCommits } from './pr-sources.js'
import { repositoryDir } from './pr-sources.js'
import { reviewPullRequest } from './benchmark-run.js'

/** A PR whose code is not in the cache is priced as this many diff tokens in one unit (a medium PR). */
export const TYPICAL_DIFF_TOKENS = 8_000
/** Judging one label: the prompt (the label and the findings) and the answer, in tokens. */
const JUDGE_INPUT_TOKENS = 1_200
const JUDGE_OUTPUT_TOKENS = 300

export interface PlannedCase {
  id: string
  language: string
  labels: number
  /** Files the review would read, when the code is cached. */
  files?: number
  reviewUsd: number
  judgeUsd: number
  from: 'plan' | 'typical PR'
}

export async function planBenchmark(
  cases: readonly BenchmarkCase[],
  options: {
    cacheDir: string
    resultsDir: string
    settings: ReviewSettings
    reviewer: Reviewer
    judgeModel: string
  }
): Promise<PlannedCase[]> {
  const stored = JSON.parse(
    await readFile(join(options.resultsDir, 'resolved.json'), 'utf8').catch(
      () => '{}'
    )
  ) as Record<string, PrCommits>
  const judgeUsd = (labels: number): number =>
    costOf(
      {
        ...NO_USAGE,
        input: labels * JUDGE_INPUT_TOKENS,
        output: labels * JUDGE_OUTPUT_TOKENS
      },
      options.judgeModel
    ) ?? 0
  const planned: PlannedCase[] = []
  for (const c of cases) {
    const commits =
      c.base && c.head ? { base: c.base, head: c.head } : stored[c.id]
    const own = commits && (await cachedPlan(c, commits, options))
    planned.push({
      id: c.id,
      language: c.language,
      labels: c.labels.length,
      files: own?.files,
      reviewUsd: own?.costUsd ?? typicalCost(options.reviewer),
      judgeUsd: judgeUsd(c.labels.length),
      from: own ? 'plan' : 'typical PR'
    })
  }
  return planned
}

function typicalCost(reviewer: Reviewer): number {
  const prefix = TYPICAL_DIFF_TOKENS * 1.5
  let usage = NO_USAGE
  for (let area = 0; area < reviewer.areas.length; area++)
    usage = addUsage(usage, estimatePassUsage(prefix, area > 0))
  return costOf(usage, reviewer.model) ?? 0
}

/** The PR's own plan, when both its commits are in the cache. */
async function cachedPlan(
  c: BenchmarkCase,
  commits: PrCommits,
  options: { cacheDir: string; settings: ReviewSettings; reviewer: Reviewer }
): Promise<{ files: number; costUsd: number } | undefined> {
  const dir = repositoryDir(options.cacheDir, c.repo)
  if (!existsSync(dir)) return undefined
  // Commits not (yet) fetched: priced as a typical PR.
  const outcome = await reviewPullRequest(c, commits, dir, options).catch(
    () => undefined
  )
  if (!outcome) return undefined
  return {
    files: outcome.planned.plan.reviewedFiles,
    costUsd: outcome.planned.estimate.costUsd ?? 0
  }
}
