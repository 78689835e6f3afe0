/**
 * `npm run bench`: runs the benchmarks and rewrites BENCHMARKS.md with the
 * machine and date in its header. Figures are ratios and budgets, measured
 * here; no test times anything.
 */
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { bundleFigures, runActionBench } from './action-bench.js'
import { baselineRssMb, LINES_PER_FILE, runPlanBench } from './plan-bench.js'
import { REPO_FILES, runToolsBench } from './tools-bench.js'
import { runShardBench } from './shard-bench.js'
import {
  CHANGED_FILES,
  CONTEXT_BUDGET,
  runContextBench
} from './context-bench.js'
import {
  billedInput,
  PASS_MODEL,
  REPOSITORY_FILES,
  runFirstRequestBench,
  runSmallPrBench,
  SMALL_PR_BUDGET_USD,
  VERIFY_MODEL
} from './cost-bench.js'
import type { CostByKind } from './cost-bench.js'
import { costOf } from '../src/vocabulary/usage.js'
import {
  FILES,
  FIRST_BYTE_MS,
  runReviewBench,
  TURN_MS
} from './review-bench.js'

const PLAN_BUDGET_MS = 1_500
const PLAN_BUDGET_RSS_MB = 300

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`
}

function planSection(): { text: string; ok: boolean } {
  const rows = runPlanBench()
  const baseline = baselineRssMb()
  const small = rows[0]
  const large = rows[rows.length - 1]
  const perLine = (r: (typeof rows)[number]): number =>
    r.medianMs / r.changedLines
  const growth = perLine(large) / perLine(small)
  const ok =
    large.medianMs <= PLAN_BUDGET_MS && large.peakRssMb <= PLAN_BUDGET_RSS_MB
  const lines = [
    '## Planning a pull request',
    '',
    `From GitHub's file list (DiffEntry JSON) to the rendered plan: patch parsing, file selection, packing into units, cost estimate and report. Synthetic PR, ${LINES_PER_FILE} changed lines per file (hunks of 7 added, 3 deleted, 6 context rows); median of 5 runs after a warm-up, each size in its own process (\`bench/plan-bench.ts\`).`,
    '',
    '| Files | Changed lines | Median time | µs per changed line | Peak RSS (process) | Units |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.files.toLocaleString('en-US')} | ${r.changedLines.toLocaleString('en-US')} | ${r.medianMs.toFixed(0)} ms | ${((r.medianMs * 1000) / r.changedLines).toFixed(2)} | ${r.peakRssMb.toFixed(0)} MB | ${r.units} |`
    ),
    '',
    `- Budget for ${large.files.toLocaleString('en-US')} files / ${large.changedLines.toLocaleString('en-US')} lines: ≤ ${PLAN_BUDGET_MS} ms and ≤ ${PLAN_BUDGET_RSS_MB} MB → **${ok ? 'met' : 'NOT met'}** (${large.medianMs.toFixed(0)} ms, ${large.peakRssMb.toFixed(0)} MB; a process that loads the same modules and plans nothing peaks at ${baseline.toFixed(0)} MB, Node and the tsx loader included).`,
    `- Growth: time per changed line at ${large.files.toLocaleString('en-US')} files is ${growth.toFixed(2)}× that at ${small.files} files (1.00× is perfectly linear).`,
    ''
  ]
  return { text: lines.join('\n'), ok }
}

const WALL_RATIO_BUDGET = 1.3
const BILLED_RATIO_BUDGET = 0.35

async function reviewSection(
  bench: Awaited<ReturnType<typeof runReviewBench>>
): Promise<{ text: string; ok: boolean }> {
  const { units, fiveCached, oneCached, fiveUncached } = bench
  const wallRatio = fiveCached.wallMs / oneCached.wallMs
  const billedRatio = fiveCached.billedInput / fiveUncached.billedInput
  const ok =
    wallRatio <= WALL_RATIO_BUDGET && billedRatio <= BILLED_RATIO_BUDGET
  const n = (x: number): string => Math.round(x).toLocaleString('en-US')
  const row = (name: string, r: typeof fiveCached): string =>
    `| ${name} | ${(r.wallMs / 1000).toFixed(2)} s | ${r.calls} | ${n(r.input)} | ${n(r.cacheWrite)} | ${n(r.cacheRead)} | ${n(r.billedInput)} |`
  return {
    ok,
    text: [
      '## Reviewing: five areas vs one, cached vs uncached',
      '',
      `A ${FILES}-file reference PR (${units} unit${units === 1 ? '' : 's'}) reviewed through the real SDK against the local Messages API server (\`dev/anthropic-server.ts\`), which answers every turn in ${TURN_MS / 1000} s with its first byte after ${FIRST_BYTE_MS / 1000} s; like the real API, a cache entry is readable from the first byte. Each pass greps and reads, then reports. Token figures are what the server reported (\`bench/review-bench.ts\`).`,
      '',
      '| Review | Wall time | Requests | Input | Cache write | Cache read | Billed input |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('5 areas, caching on', fiveCached),
      row('1 area, caching on', oneCached),
      row('5 areas, caching off', fiveUncached),
      '',
      `- Wall time, five areas ÷ one area: **${wallRatio.toFixed(2)}×** (budget ≤ ${WALL_RATIO_BUDGET}×) → ${wallRatio <= WALL_RATIO_BUDGET ? 'met' : 'NOT met'}.`,
      `- Billed input (input + 1.25 × cache write + 0.1 × cache read), cached ÷ uncached: **${billedRatio.toFixed(2)}×** (budget ≤ ${BILLED_RATIO_BUDGET}×) → ${billedRatio <= BILLED_RATIO_BUDGET ? 'met' : 'NOT met'}.`,
      ''
    ].join('\n')
  }
}

const TOOL_BUDGET_MS = 2_000
const FIRST_REQUEST_RATIO_BUDGET = 1.5
const ESTIMATE_RANGE = [0.67, 1.5] as const

/** Prompt cost: what a review's requests cost to send (input, cache write, cache read), output aside. */
const promptUsd = (c: CostByKind, model: string): number =>
  costOf({ ...c, output: 0 }, model)!

async function costSection(
  fortyFile: Awaited<ReturnType<typeof runReviewBench>>
): Promise<{ text: string; ok: boolean }> {
  const small = await runSmallPrBench()
  const first = await runFirstRequestBench()
  const prompt =
    promptUsd(small.passes, PASS_MODEL) +
    promptUsd(small.verification, VERIFY_MODEL) +
    promptUsd(small.walkthrough, VERIFY_MODEL)
  const billedRatio =
    billedInput(small.passes) / billedInput(small.uncachedPasses)
  const firstRatio = first.manyUnitsMs / first.oneUnitMs
  const estimates = [
    [
      '5-file reference PR, 5 areas, verification on',
      small.estimateUsd,
      small.totalUsd
    ],
    [
      `${FILES}-file PR, 5 areas`,
      fortyFile.fiveCached.estimateUsd,
      fortyFile.fiveCached.costUsd
    ],
    [
      `${FILES}-file PR, 1 area`,
      fortyFile.oneCached.estimateUsd,
      fortyFile.oneCached.costUsd
    ]
  ] as const
  const inRange = (r: number): boolean =>
    r >= ESTIMATE_RANGE[0] && r <= ESTIMATE_RANGE[1]
  const checks = {
    prompt: prompt <= SMALL_PR_BUDGET_USD,
    billed: billedRatio <= BILLED_RATIO_BUDGET,
    first: firstRatio <= FIRST_REQUEST_RATIO_BUDGET,
    estimates: estimates.every(([, e, m]) => inRange(e / m))
  }
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met')
  const n = (x: number): string => Math.round(x).toLocaleString('en-US')
  const usd = (x: number): string => `$${x.toFixed(4)}`
  const kind = (name: string, c: CostByKind, model: string): string =>
    `| ${name} | \`${model}\` | ${c.requests} | ${n(c.input)} | ${n(c.cacheWrite)} | ${n(c.cacheRead)} | ${n(c.output)} | ${usd(promptUsd(c, model))} | ${usd(c.costUsd)} |`
  return {
    ok: Object.values(checks).every(Boolean),
    text: [
      '## What a review costs, and how soon it starts',
      '',
      `A 5-file reference PR (three routes and a service that import the database module, and a migration; five planted problems), reviewed for five areas with verification on, through the one pipeline and the real SDK against the local Messages API server; in each pass the model opens the file it was not shown and greps once, then reports every problem it sees (\`bench/cost-bench.ts\`). Token counts are the server's; prices are list prices. Prompt cost is what the requests cost to send (input, cache write, cache read); the output is what the scripted model writes.`,
      '',
      '| Requests | Model | Count | Input | Cache write | Cache read | Output | Prompt cost | Cost with output |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      kind('Pass turns', small.passes, PASS_MODEL),
      kind('Verification (batched per unit)', small.verification, VERIFY_MODEL),
      kind('Walkthrough (once per head)', small.walkthrough, VERIFY_MODEL),
      '',
      `- Prompt cost of the review, walkthrough included (${usd(promptUsd(small.walkthrough, VERIFY_MODEL))} of it): **${usd(prompt)}** (budget ≤ ${usd(SMALL_PR_BUDGET_USD)}, a fifth of one idle Claude Code turn) → ${verdict(checks.prompt)}. With output: ${usd(small.totalUsd)}. Findings: ${small.findings}, verified in ${small.verification.requests} request(s).`,
      `- Passes' billed input (input + 1.25 × cache write + 0.1 × cache read), cached ÷ the same requests uncached: **${billedRatio.toFixed(2)}×** (budget ≤ ${BILLED_RATIO_BUDGET}×) → ${verdict(checks.billed)}.`,
      `- Time from the start of the review to its first model request, ${first.units}-unit PR ÷ 1-unit PR over a ${REPOSITORY_FILES.toLocaleString('en-US')}-file repository: ${(first.manyUnitsMs / 1000).toFixed(2)} s ÷ ${(first.oneUnitMs / 1000).toFixed(2)} s = **${firstRatio.toFixed(2)}×** (budget ≤ ${FIRST_REQUEST_RATIO_BUDGET}×) → ${verdict(checks.first)}. Gathering the context of all ${first.units} units took ${(first.contextAllMs / 1000).toFixed(1)} s, while the first units' passes ran.`,
      '',
      '| Bench PR | Estimate | Measured | Estimate ÷ measured |',
      '| --- | ---: | ---: | ---: |',
      ...estimates.map(
        ([name, e, m]) =>
          `| ${name} | ${usd(e)} | ${usd(m)} | ${(e / m).toFixed(2)} |`
      ),
      '',
      `- The plan's estimate within ${ESTIMATE_RANGE[0]}–${ESTIMATE_RANGE[1]}× of the measured cost on each bench PR → ${verdict(checks.estimates)}.`,
      ''
    ].join('\n')
  }
}

function contextSection(): { text: string; ok: boolean } {
  const rows = runContextBench()
  const first = rows[0]
  const ok =
    first.seconds <= CONTEXT_BUDGET.seconds &&
    first.peakRssMb <= CONTEXT_BUDGET.rssMb
  const lines = [
    '## Context gathering on a large change',
    '',
    `A ${CHANGED_FILES}-file Go change (the size of pocketbase 075e20ef..5d217ddb) whose handlers call into a shared \`core\` package, in repositories of growing size: the built CLI's \`--show-context\` gathers every unit's context (parsing, imports resolved, callee definitions, use searches, related files) in a fresh process, no model (\`bench/context-bench.ts\`).`,
    '',
    '| Repository files | Wall time | Peak RSS | Units | Pieces included | Callee definitions |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.files.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} s | ${r.peakRssMb.toFixed(0)} MB | ${r.units} | ${r.included} | ${r.callees} |`
    ),
    '',
    `- Budget for the ${CHANGED_FILES}-file change in a ${first.files.toLocaleString('en-US')}-file repository: ≤ ${CONTEXT_BUDGET.seconds} s and ≤ ${CONTEXT_BUDGET.rssMb} MB → **${ok ? 'met' : 'NOT met'}**. Growth to ${rows.at(-1)!.files.toLocaleString('en-US')} files: ${(rows.at(-1)!.seconds / first.seconds).toFixed(1)}× the time.`,
    ''
  ]
  return { text: lines.join('\n'), ok }
}

async function toolsSection(): Promise<{ text: string; ok: boolean }> {
  const timings = await runToolsBench()
  const slowest = Math.max(...timings.map((t) => t.ms))
  const ok = slowest <= TOOL_BUDGET_MS
  return {
    ok,
    text: [
      `## The model's tools on a ${REPO_FILES.toLocaleString('en-US')}-file repository`,
      '',
      'Each call as the model makes it: through the tool layer, at a commit, with sandbox filtering (`bench/tools-bench.ts`). The first call lists the tree once.',
      '',
      '| Call | Time | First line of the result |',
      '| --- | ---: | --- |',
      ...timings.map(
        (t) =>
          `| \`${t.call.replace(/\|/g, '\\|')}\` | ${t.ms.toFixed(0)} ms | ${t.result.replace(/\|/g, '\\|')} |`
      ),
      '',
      `- Slowest call: ${slowest.toFixed(0)} ms (budget ≤ ${TOOL_BUDGET_MS} ms) → ${ok ? 'met' : 'NOT met'}.`,
      ''
    ].join('\n')
  }
}

async function actionSection(): Promise<{ text: string; ok: boolean }> {
  const runs = await runActionBench()
  const bundle = bundleFigures()
  const ok = runs[0].githubRequests === runs[1].githubRequests
  const kb = (n: number): string =>
    `${Math.round(n).toLocaleString('en-US')} kB`
  return {
    ok,
    text: [
      '## The bundled action',
      '',
      "`node dist/index.js` with the runner's environment against the local GitHub and Messages API servers (the model answers at once), reviewing a 40-file PR for five areas and publishing (`bench/action-bench.ts`). Wall time includes the 3 s pause GitHub's throttling rules put between the review and the summary comment.",
      '',
      '| Findings | Start-up to first GitHub request | Wall time | GitHub requests | Peak RSS |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...runs.map(
        (r) =>
          `| ${r.findings} | ${r.startupMs} ms | ${(r.wallMs / 1000).toFixed(1)} s | ${r.githubRequests} | ${r.peakRssMb.toFixed(0)} MB |`
      ),
      '',
      `- GitHub requests per run are the same for 1 and 60 findings: ${runs[0].githubRequests} and ${runs[1].githubRequests} → ${ok ? 'met' : 'NOT met'}.`,
      `- Bundle: \`dist/index.js\` ${kb(bundle.indexKb)}, its source map ${kb(bundle.mapKb)}, lazily loaded provider chunks (Bedrock, Vertex) ${kb(bundle.chunksKb)}; all of \`dist/\` (with the CLI) ${kb(bundle.totalKb)}.`,
      ''
    ].join('\n')
  }
}

const SHARD_BALANCE_BUDGET = 1.2

function shardSection(): { text: string; ok: boolean } {
  const m = runShardBench()
  const ok = m.balance <= SHARD_BALANCE_BUDGET && m.largestPasses <= 25
  const lines = [
    '## Sharding a very large pull request',
    '',
    `A ${m.files.toLocaleString('en-US')}-file pull request whose files change 10 to 400 lines, planned with the defaults and split for \`passes-per-shard: 25\` (\`bench/shard-bench.ts\`, median of 5 splits).`,
    '',
    '| Files | Units | Passes | Shards | Largest shard | Split time | Largest shard ÷ mean (estimated tokens) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${m.files.toLocaleString('en-US')} | ${m.units} | ${m.passes} | ${m.shards} | ${m.largestPasses} passes | ${m.medianMs.toFixed(2)} ms | ${m.balance.toFixed(3)} |`,
    '',
    `- Budget: largest shard ≤ ${SHARD_BALANCE_BUDGET}× the mean, and no shard over 25 passes → **${ok ? 'met' : 'NOT met'}**.`,
    ''
  ]
  return { text: lines.join('\n'), ok }
}

const plan = planSection()
const shards = shardSection()
const fortyFile = await runReviewBench()
const review = await reviewSection(fortyFile)
const cost = await costSection(fortyFile)
const context = contextSection()
const tools = await toolsSection()
const action = await actionSection()
const document = [
  '# Benchmarks',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()} by \`npm run bench\`.`,
  '',
  plan.text,
  shards.text,
  review.text,
  cost.text,
  context.text,
  tools.text,
  action.text
].join('\n')
writeFileSync(resolve(import.meta.dirname, '../BENCHMARKS.md'), document)
console.log(document)
if (
  !plan.ok ||
  !shards.ok ||
  !review.ok ||
  !cost.ok ||
  !context.ok ||
  !tools.ok ||
  !action.ok
)
  process.exitCode = 1
