/**
 * A benchmark run: the set's PRs (fetched, cached), each reviewed by the
 * same pipeline a pull-request run uses (plan, context, passes, ledger,
 * verification; nothing posted), its findings judged against the PR's
 * labels, the result written per PR. A second run continues: a PR whose
 * result was made under the same configuration is not run again.
 */
import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseGitDiff } from '../diff/git-diff-parser.js'
import { getErrorMessage } from '../errors.js'
import { openFindings } from '../findings/ledger.js'
import type { Reviewer } from '../front-end/reviewer.js'
import { gitDiffArgs } from '../git/git-repository.js'
import { reviewChange } from '../pipeline/review-change.js'
import { openGitFiles } from '../repository/git-files.js'
import type { ModelClient } from '../review/model-client.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import type { ReviewSettings } from '../settings.js'
import { costOf } from '../vocabulary/usage.js'
import type { BenchmarkCase, BenchmarkSet } from './benchmark-sets.js'
import type {
  CaseResult,
  RunConfig,
  ScoredFinding
} from './benchmark-scoring.js'
import { NOTHING_SPENT, sameConfig } from './benchmark-scoring.js'
import { assignMatches, judgeCase } from './judge.js'
import { fetchCommits, resolveCommits } from './pr-sources.js'
import type { PrCommits, SourceOptions } from './pr-sources.js'

const run = promisify(execFile)

export interface BenchmarkRun extends SourceOptions {
  set: BenchmarkSet
  config: RunConfig
  concurrency: number
  /** Spent on reviews and judging together, at most; a PR that would start past it is not run. */
  maxCostUsd?: number
  client: ModelClient
  settings: ReviewSettings
  reviewer: Reviewer
  secrets: string[]
  /** After each PR: what is done and what it cost so far. */
  onProgress?: (
    done: number,
    total: number,
    costUsd: number,
    last: CaseResult
  ) => void
}

export const resultPath = (resultsDir: string, id: string): string =>
  join(resultsDir, 'prs', `${id.replace(/[/#]/g, '_')}.json`)

/** The results of every case: those kept from an earlier run under the same configuration, and the rest run now. */
export async function runBenchmark(
  cases: readonly BenchmarkCase[],
  options: BenchmarkRun
): Promise<CaseResult[]> {
  await mkdir(join(options.resultsDir, 'prs'), { recursive: true })
  const results = new Map<string, CaseResult>()
  for (const c of cases) {
    const kept = await readResult(options.resultsDir, c.id)
    if (
      kept &&
      kept.status === 'scored' &&
      sameConfig(kept.config, options.config)
    )
      results.set(c.id, kept)
  }
  const todo = cases.filter((c) => !results.has(c.id))
  const commits = await resolveCommits(todo, options)
  let spent = [...results.values()].reduce(
    (s, r) => s + r.review.costUsd + r.judge.costUsd,
    0
  )
  let done = results.size
  const queue = [...todo]
  const worker = async (): Promise<void> => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const left =
        options.maxCostUsd === undefined
          ? undefined
          : options.maxCostUsd - spent
      const source = commits.get(c.id)!
      const result =
        'error' in source
          ? failed(c, undefined, options.config, source.error)
          : left !== undefined && left <= 0
            ? failed(
                c,
                source,
                options.config,
                `not run: --max-cost-usd ($${options.maxCostUsd}) was spent`
              )
            : await runCase(c, source, options, left)
      spent += result.review.costUsd + result.judge.costUsd
      results.set(c.id, result)
      await writeFile(
        resultPath(options.resultsDir, c.id),
        `${JSON.stringify(result, null, 2)}\n`
      )
      options.onProgress?.(++done, cases.length, spent, result)
    }
  }
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency) }, worker)
  )
  return cases.map((c) => results.get(c.id)!)
}

async function readResult(
  resultsDir: string,
  id: string
): Promise<CaseResult | undefined> {
  const text = await readFile(resultPath(resultsDir, id), 'utf8').catch(
    () => undefined
  )
  return text ? (JSON.parse(text) as CaseResult) : undefined
}

function failed(
  c: BenchmarkCase,
  commits: PrCommits | undefined,
  config: RunConfig,
  error: string
): CaseResult {
  return {
    id: c.id,
    url: c.url,
    title: c.title,
    language: c.language,
    base: commits?.base ?? '',
    head: commits?.head ?? '',
    config,
    status: 'failed',
    error,
    findings: [],
    labels: c.labels,
    matches: [],
    ...structuredClone(NOTHING_SPENT)
  }
}

/** One PR: its code fetched, reviewed, judged. What fails is said, and the PR is not scored. */
async function runCase(
  c: BenchmarkCase,
  commits: PrCommits,
  options: BenchmarkRun,
  capUsd: number | undefined
): Promise<CaseResult> {
  const result = failed(c, commits, options.config, '')
  try {
    const reviewed = await reviewCase(c, commits, options, capUsd)
    result.review = reviewed.review
    if (reviewed.review.passesNotRun > 0)
      throw new Error(
        `${reviewed.review.passesNotRun} of the review's passes did not complete: a partial review is not scored`
      )
    result.findings = reviewed.findings
    const judged = await judgeCase(
      c.labels,
      result.findings.map((f) => ({
        text: f.text,
        path: f.path,
        line: f.line,
        endLine: f.endLine
      })),
      {
        client: options.client,
        model: options.config.judgeModel,
        gate: options.set.format === 'aacr'
      }
    )
    result.judge = {
      costUsd: costOf(judged.usage, options.config.judgeModel) ?? 0,
      requests: judged.requests
    }
    result.matches = assignMatches(judged.judgements).map((m) => ({
      label: m.label,
      finding: m.candidate,
      confidence: m.confidence
    }))
    result.status = 'scored'
    delete result.error
  } catch (error) {
    result.error = getErrorMessage(error)
  }
  return result
}

/** The PR reviewed as a pull-request run reviews it, from its commits in the cache. */
async function reviewCase(
  c: BenchmarkCase,
  commits: PrCommits,
  options: BenchmarkRun,
  capUsd: number | undefined
): Promise<Pick<CaseResult, 'review' | 'findings'>> {
  const dir = await fetchCommits(c.repo, [commits.base, commits.head], options)
  const started = Date.now()
  const outcome = await reviewPullRequest(c, commits, dir, {
    ...options,
    settings: {
      ...options.settings,
      ...(capUsd === undefined ? {} : { maxCostUsd: capUsd })
    }
  })
  return {
    review: {
      costUsd: outcome.costUsd ?? 0,
      inputTokens:
        outcome.usage.input +
        outcome.usage.cacheWrite +
        outcome.usage.cacheRead,
      outputTokens: outcome.usage.output,
      wallMs: Date.now() - started,
      passesNotRun: outcome.unfinished.length
    },
    findings: openFindings(outcome.ledger).map((f): ScoredFinding => ({
      area: f.areas[0],
      severity: f.severity,
      path: f.path,
      line: f.line,
      endLine: f.end_line,
      title: f.title,
      text: `${f.title}. ${f.problem ?? ''}`.trim()
    }))
  }
}

/**
 * A PR of the set as a pull-request run reviews it, from its commits in
 * the cached repository `dir`: with a client, reviewed (nothing posted);
 * without one, planned.
 */
export async function reviewPullRequest(
  c: BenchmarkCase,
  commits: PrCommits,
  dir: string,
  options: Pick<BenchmarkRun, 'settings' | 'reviewer'> &
    Partial<Pick<BenchmarkRun, 'client' | 'secrets'>>
): Promise<ReviewOutcome> {
  const { stdout } = await run(
    'git',
    ['-C', dir, ...gitDiffArgs(commits.base, commits.head)],
    { maxBuffer: 512 * 1024 * 1024 }
  )
  return reviewChange(
    {
      files: parseGitDiff(stdout),
      headSha: commits.head,
      subject: { title: c.title, body: '', reference: c.id }
    },
    {
      settings: { ...options.settings, incremental: false },
      agent: options.reviewer.agent,
      areas: options.reviewer.areas,
      model: options.reviewer.model
    },
    {
      client: options.client,
      repository: await openGitFiles(dir, commits.head),
      openBase: () => openGitFiles(dir, commits.base),
      workspace: dir,
      secrets: options.secrets ?? []
    }
  )
}
