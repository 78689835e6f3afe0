import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  BENCHMARK_SETS,
  readCases,
  SET_DEFINITION
} from '../benchmark/benchmark-sets.js'
import type {
  BenchmarkCase,
  BenchmarkSet
} from '../benchmark/benchmark-sets.js'
import { planBenchmark } from '../benchmark/benchmark-plan.js'
import { renderReport, renderScatter } from '../benchmark/benchmark-report.js'
import { runBenchmark } from '../benchmark/benchmark-run.js'
import { overall, publishedFigures } from '../benchmark/benchmark-scoring.js'
import type { CaseResult, RunConfig } from '../benchmark/benchmark-scoring.js'
import {
  DEFAULT_JUDGE_MODEL,
  JUDGE_PROMPT_VERSION
} from '../benchmark/judge.js'
import { DEFAULT_LABELS_URL, labelFile } from '../benchmark/label-files.js'
import { ConfigurationError } from '../errors.js'
import { createModelClient, runSecrets } from '../front-end/model-access.js'
import { resolveReviewer } from '../front-end/reviewer.js'
import { hasModelAccess, readSettings } from '../settings.js'
import { ACTION_VERSION } from '../version.js'
import { FLAG_NAMES } from './cli-flags.js'

export const BENCHMARK_USAGE = `Usage:
  architect-review benchmark --set martian|aacr|<set.json> [options]

Reviews each PR of a public labelled set with the same pipeline a pull
request gets (nothing is posted), judges the findings against the PR's
labels, and writes per-PR results and a report (report.md, scatter.svg).
A second run continues where the first stopped.

  --plan               list the PRs and the estimated cost (no key needed)
  --limit <n>          the first n PRs only
  --only <id>          only this PR (owner/name#number); repeatable
  --concurrency <n>    PRs reviewed at once (default 2)
  --max-cost-usd <x>   start no PR once reviews and judging spent this much
  --model <id>         the reviewer's model (default: the agent's)
  --judge-model <id>   the judge (default ${DEFAULT_JUDGE_MODEL})
  --results <dir>      where results go (default benchmark-results/<set>)
  --cache <dir>        label files and repositories (default ~/.cache/architect-review/benchmark)
  --token <token>      GitHub token for the API and git (default GITHUB_TOKEN)
  --labels-url <url>   where label files come from (default ${DEFAULT_LABELS_URL}; or a folder)
  --git-url <url>      where repositories are cloned from (default https://github.com; or a folder)

Needs ANTHROPIC_API_KEY to run; --plan does not.`

export interface BenchmarkIo {
  out: (text: string) => void
  err: (text: string) => void
  live?: boolean
}

const OPTIONS = {
  set: { type: 'string' },
  plan: { type: 'boolean', default: false },
  limit: { type: 'string' },
  only: { type: 'string', multiple: true },
  concurrency: { type: 'string', default: '2' },
  'max-cost-usd': { type: 'string' },
  model: { type: 'string' },
  'judge-model': { type: 'string', default: DEFAULT_JUDGE_MODEL },
  results: { type: 'string' },
  cache: { type: 'string' },
  token: { type: 'string' },
  'labels-url': { type: 'string', default: DEFAULT_LABELS_URL },
  'git-url': { type: 'string', default: 'https://github.com' },
  help: { type: 'boolean', default: false }
} as const

/** `architect-review benchmark …`; its exit code (2: a usage or label-file problem, said in one line). */
export async function benchmarkCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: BenchmarkIo
): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: OPTIONS })
  if (values.help) {
    io.out(`${BENCHMARK_USAGE}\n`)
    return 0
  }
  const set = await setOf(values.set)
  const cacheDir = resolve(
    values.cache ??
      join(
        env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
        'architect-review',
        'benchmark'
      )
  )
  const resultsDir = resolve(
    values.results ?? join('benchmark-results', set.name)
  )
  const where = { cacheDir, resultsDir, labelsUrl: values['labels-url'] }
  const cases = select(
    await casesOf(set, where),
    values.only,
    count('--limit', values.limit)
  )
  const settings = readSettings(
    (name) => (name === 'model' ? (values.model ?? '') : ''),
    env,
    FLAG_NAMES
  )
  const reviewer = await resolveReviewer(settings)
  const judgeModel = values['judge-model']
  if (values.plan || !hasModelAccess(settings)) {
    const planned = await planBenchmark(cases, {
      cacheDir,
      resultsDir,
      settings,
      reviewer,
      judgeModel
    })
    io.out(planTable(set, planned, reviewer.model, judgeModel))
    if (!values.plan)
      io.err(
        'architect-review: set ANTHROPIC_API_KEY to run the benchmark (this was the plan).\n'
      )
    return 0
  }
  const config = {
    set: set.name,
    setCommit: set.commit,
    reviewer: `architect-review ${ACTION_VERSION}`,
    model: reviewer.model,
    judgeModel,
    judgePrompt: JUDGE_PROMPT_VERSION
  }
  const results = await runBenchmark(cases, {
    set,
    config,
    ...where,
    gitUrl: values['git-url'],
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    token: values.token ?? env.GITHUB_TOKEN,
    concurrency: count('--concurrency', values.concurrency) ?? 2,
    maxCostUsd:
      values['max-cost-usd'] === undefined
        ? undefined
        : amount(values['max-cost-usd']),
    client: createModelClient(settings),
    settings,
    reviewer,
    secrets: runSecrets(settings),
    onProgress: (done, total, costUsd, last) =>
      io.err(progressLine(done, total, costUsd, last, io.live ?? false))
  })
  if (io.live) io.err('\n')
  return writeReport(results, set, config, where, io)
}

/** report.md and scatter.svg in the results folder; the overall figures on stdout. */
async function writeReport(
  results: readonly CaseResult[],
  set: BenchmarkSet,
  config: RunConfig,
  where: { cacheDir: string; resultsDir: string; labelsUrl: string },
  io: BenchmarkIo
): Promise<number> {
  const published =
    set.published &&
    publishedFigures(
      JSON.parse(await labelFile(set, set.published, where)),
      set.published.judge
    )
  const report = renderReport(
    results,
    config,
    published && { judge: set.published!.judge, points: published }
  )
  await mkdir(where.resultsDir, { recursive: true })
  await writeFile(join(where.resultsDir, 'report.md'), `${report}\n`)
  await writeFile(
    join(where.resultsDir, 'scatter.svg'),
    renderScatter(overall(results), published ?? [])
  )
  io.out(
    `${report.split('\n## By area')[0]}\nReport: ${join(where.resultsDir, 'report.md')}\n`
  )
  return results.some((r) => r.status === 'failed') ? 1 : 0
}

async function setOf(name: string | undefined): Promise<BenchmarkSet> {
  if (!name)
    throw new ConfigurationError(
      `benchmark needs --set (martian, aacr, or a set definition file).\n${BENCHMARK_USAGE}`
    )
  const builtIn = BENCHMARK_SETS[name]
  if (builtIn) return builtIn
  const text = await readFile(name, 'utf8').catch(() => {
    throw new ConfigurationError(
      `--set ${name}: neither martian, aacr nor a readable set definition file.`
    )
  })
  const parsed = SET_DEFINITION.safeParse(JSON.parse(text))
  if (!parsed.success)
    throw new ConfigurationError(
      `--set ${name}: not a set definition (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}).`
    )
  return parsed.data
}

async function casesOf(
  set: BenchmarkSet,
  options: { cacheDir: string; labelsUrl: string }
): Promise<BenchmarkCase[]> {
  const cases: BenchmarkCase[] = []
  for (const file of set.files)
    cases.push(...readCases(set, file, await labelFile(set, file, options)))
  return cases
}

function select(
  cases: BenchmarkCase[],
  only: string[] | undefined,
  limit: number | undefined
): BenchmarkCase[] {
  const unknown = (only ?? []).filter((id) => !cases.some((c) => c.id === id))
  if (unknown.length > 0)
    throw new ConfigurationError(
      `--only ${unknown.join(', ')}: not a PR of this set (ids look like ${cases[0]?.id ?? 'owner/name#1'}).`
    )
  const chosen = only ? cases.filter((c) => only.includes(c.id)) : cases
  return limit === undefined ? chosen : chosen.slice(0, limit)
}

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-9]\d*$/.test(value))
    throw new ConfigurationError(
      `${flag} ${value}: give a whole number above 0.`
    )
  return Number(value)
}

function amount(value: string): number {
  const usd = Number(value)
  if (!(usd > 0))
    throw new ConfigurationError(
      `--max-cost-usd ${value}: give an amount in dollars above 0, e.g. 5.`
    )
  return usd
}

function planTable(
  set: BenchmarkSet,
  planned: ReadonlyArray<Awaited<ReturnType<typeof planBenchmark>>[number]>,
  model: string,
  judgeModel: string
): string {
  const review = planned.reduce((s, p) => s + p.reviewUsd, 0)
  const judge = planned.reduce((s, p) => s + p.judgeUsd, 0)
  return [
    `## Benchmark plan: ${set.name} (${set.repo}@${set.commit.slice(0, 12)}, ${set.licence})`,
    '',
    `${planned.length} PRs · ${planned.reduce((s, p) => s + p.labels, 0)} labels · review with \`${model}\` ≈$${review.toFixed(2)} · judge with \`${judgeModel}\` ≈$${judge.toFixed(2)} · total ≈$${(review + judge).toFixed(2)}`,
    '',
    '| PR | Language | Labels | Files | Review | Judge | Estimated from |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...planned.map(
      (p) =>
        `| ${p.id} | ${p.language} | ${p.labels} | ${p.files ?? '–'} | $${p.reviewUsd.toFixed(3)} | $${p.judgeUsd.toFixed(3)} | ${p.from} |`
    ),
    ''
  ].join('\n')
}

function progressLine(
  done: number,
  total: number,
  costUsd: number,
  last: CaseResult,
  live: boolean
): string {
  const width = 24
  const filled = Math.round((width * done) / total)
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} PRs · $${costUsd.toFixed(2)}`
  const what =
    last.status === 'scored'
      ? `${last.matches.length} of ${last.labels.length} labels found, ${last.findings.length} findings`
      : `failed: ${last.error}`
  return live
    ? `\r${bar} · ${last.id}: ${what}`.padEnd(100)
    : `${bar} · ${last.id}: ${what}\n`
}
