/**
 * Planning speed: from GitHub's file list (DiffEntry JSON) to the rendered
 * plan — patch parsing, file selection, packing, estimate and report — for
 * a synthetic PR. Time and memory are measured in separate fresh processes:
 * the memory process plans once, as the action does.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toChangedFile } from '../src/github/pull-request-source.js'
import type { DiffEntry } from '../src/github/pull-request-source.js'
import { planChange } from '../src/plan/plan-change.js'
import { renderPlan } from '../src/plan/plan-report.js'
import { readSettings } from '../src/settings.js'
import { syntheticDiffEntries } from './synthetic-pull-request.js'

export const LINES_PER_FILE = 100
export const SIZES = [300, 600, 1_500, 3_000]
const RUNS = 5

export interface PlanMeasurement {
  files: number
  changedLines: number
  /** Median wall time of one planning, ms. */
  medianMs: number
  /** Peak resident set size of the process, MB. */
  peakRssMb: number
  units: number
}

const settings = readSettings((name) => (name === 'max-files' ? '3000' : ''))

/** One planning, as the action does it once GitHub's pages are in. */
function planOnce(payload: string): number {
  // JSON.parse stands in for the HTTP client decoding GitHub's pages.
  const changed = (JSON.parse(payload) as DiffEntry[]).map(toChangedFile)
  const { plan, estimate } = planChange(changed, settings, {
    areaCount: 5,
    model: 'claude-sonnet-5-5'
  })
  renderPlan(
    plan,
    estimate,
    ['api', 'database', 'system', 'security', 'performance'],
    {
      title: 'bench',
      headSha: '0'.repeat(40),
      unlistedFiles: 0
    }
  )
  return plan.units.length
}

/** Worker: the median time of RUNS plannings after a warm-up. */
function measureTime(payloadPath: string): { medianMs: number; units: number } {
  const payload = readFileSync(payloadPath, 'utf8')
  const times: number[] = []
  let units = planOnce(payload) // warms the JIT
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now()
    units = planOnce(payload)
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { medianMs: times[Math.floor(times.length / 2)], units }
}

/** Worker: the peak RSS of a process that plans once. */
function measureMemory(payloadPath: string): { peakRssMb: number } {
  planOnce(readFileSync(payloadPath, 'utf8'))
  return { peakRssMb: process.resourceUsage().maxRSS / 1024 }
}

function worker<T>(mode: string, payloadPath: string): T {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, import.meta.filename, mode, payloadPath],
    {
      encoding: 'utf8'
    }
  )
  return JSON.parse(out) as T
}

/** Peak RSS of a worker that loads the same modules and plans nothing, MB. */
export function baselineRssMb(): number {
  return worker<{ peakRssMb: number }>('--baseline', '').peakRssMb
}

/** Runs every size, time and memory each in a fresh process. */
export function runPlanBench(): PlanMeasurement[] {
  const dir = mkdtempSync(join(tmpdir(), 'plan-bench-'))
  try {
    return SIZES.map((files) => {
      const payloadPath = join(dir, `${files}.json`)
      writeFileSync(
        payloadPath,
        JSON.stringify(syntheticDiffEntries(files, LINES_PER_FILE))
      )
      const time = worker<{ medianMs: number; units: number }>(
        '--time',
        payloadPath
      )
      const memory = worker<{ peakRssMb: number }>('--memory', payloadPath)
      return { files, changedLines: files * LINES_PER_FILE, ...time, ...memory }
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--time')
  process.stdout.write(JSON.stringify(measureTime(process.argv[3])))
if (process.argv[2] === '--baseline') {
  process.stdout.write(
    JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024 })
  )
}
if (process.argv[2] === '--memory')
  process.stdout.write(JSON.stringify(measureMemory(process.argv[3])))
