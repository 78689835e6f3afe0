/**
 * `npm run bench`: runs the benchmarks and rewrites BENCHMARKS.md with the
 * machine and date in its header. Figures are ratios and budgets, measured
 * here; no test times anything.
 */
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { baselineRssMb, LINES_PER_FILE, runPlanBench } from './plan-bench.js'

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

const plan = planSection()
const document = [
  '# Benchmarks',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()} by \`npm run bench\`.`,
  '',
  plan.text
].join('\n')
writeFileSync(resolve(import.meta.dirname, '../BENCHMARKS.md'), document)
console.log(document)
if (!plan.ok) process.exitCode = 1
