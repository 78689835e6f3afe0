/**
 * Context gathering on a pocketbase-sized change: 310 changed Go files that
 * call into a shared `core` package, in repositories of 1,000, 10,000 and
 * 50,000 files. The built CLI runs `--show-context` (every unit's context,
 * no model) in a fresh process; wall time and peak RSS are the process's.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createGitFixture } from '../dev/git-fixture.js'

export const CHANGED_FILES = 310
export const CONTEXT_SIZES = [1_000, 10_000, 50_000]
/** The budget for the 310-file range. */
export const CONTEXT_BUDGET = { seconds: 10, rssMb: 400 }
const CORE_FILES = 120

const ROOT = resolve(import.meta.dirname, '..')

export interface ContextMeasurement {
  files: number
  seconds: number
  peakRssMb: number
  units: number
  included: number
  callees: number
}

function goFile(pkg: string, name: string, body: string): string {
  return `package ${pkg}\n\nimport "github.com/acme/shop/core"\n\n${body}\n`
}

/** A repository of `files` files; 310 handler files changed to call core functions. */
function repository(files: number) {
  const repo = createGitFixture('architect-review-context-bench-')
  repo.write('go.mod', 'module github.com/acme/shop\n\ngo 1.22\n')
  for (let i = 0; i < CORE_FILES; i++)
    repo.write(
      `core/record${i}.go`,
      `package core\n\n// FindRecord${i} loads record ${i}.\nfunc FindRecord${i}(id string) (string, error) {\n\tif id == "" {\n\t\treturn "", nil\n\t}\n\treturn id, nil\n}\n`
    )
  const handlers = files - CORE_FILES - 1
  for (let i = 0; i < handlers; i++)
    repo.write(
      `apis/pkg${Math.floor(i / 50)}/handler${i}.go`,
      goFile(
        `pkg${Math.floor(i / 50)}`,
        `handler${i}`,
        `func Handle${i}(id string) string {\n\treturn id\n}`
      )
    )
  const base = repo.commit('base')
  for (let i = 0; i < CHANGED_FILES; i++)
    repo.write(
      `apis/pkg${Math.floor(i / 50)}/handler${i}.go`,
      goFile(
        `pkg${Math.floor(i / 50)}`,
        `handler${i}`,
        `func Handle${i}(id string) string {\n\trecord, _ := core.FindRecord${i % CORE_FILES}(id)\n\treturn record\n}`
      )
    )
  const head = repo.commit('handlers call core')
  return { repo, base, head }
}

function measure(files: number): ContextMeasurement {
  const { repo, base, head } = repository(files)
  const scratch = mkdtempSync(join(tmpdir(), 'architect-review-context-rss-'))
  const rssFile = join(scratch, 'rss')
  try {
    const started = performance.now()
    const out = execFileSync(
      process.execPath,
      [
        ...(process.env.CONTEXT_BENCH_PROFILE
          ? ['--cpu-prof', '--cpu-prof-dir', process.env.CONTEXT_BENCH_PROFILE]
          : []),
        '--import',
        resolve(ROOT, 'bench/report-peak-rss.mjs'),
        resolve(ROOT, 'dist/cli/index.js'),
        '--base',
        base,
        '--head',
        head,
        '--max-files',
        '1000',
        '--show-context',
        '--format',
        'json'
      ],
      {
        cwd: repo.dir,
        env: { ...process.env, PEAK_RSS_FILE: rssFile },
        maxBuffer: 256 * 1024 * 1024
      }
    ).toString('utf8')
    const seconds = (performance.now() - started) / 1000
    const units = JSON.parse(out) as Array<{ included: string[] }>
    return {
      files,
      seconds,
      peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024,
      units: units.length,
      included: units.reduce((n, u) => n + u.included.length, 0),
      callees: units.reduce(
        (n, u) => n + u.included.filter((t) => t.includes(', used at ')).length,
        0
      )
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
    repo.cleanup()
  }
}

export function runContextBench(
  sizes: readonly number[] = CONTEXT_SIZES
): ContextMeasurement[] {
  return sizes.map(measure)
}

// `tsx bench/context-bench.ts [files …]`: the given sizes alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number)
  for (const m of runContextBench(sizes.length ? sizes : CONTEXT_SIZES))
    console.log(JSON.stringify(m))
}
