/**
 * Bundles the current source once per test run, as `npm run package` does
 * (same ncc, same flags), into `.test-bundle/`: the end-to-end tests run
 * that, never the committed `dist/`, so an edit to `src/` is tested without
 * a rebuild by hand. A bundle whose inputs are unchanged is reused.
 */
import { copyWasm } from '../scripts/copy-wasm.js'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import type { TestProject } from 'vitest/node'

const ROOT = resolve(import.meta.dirname, '..')
export const BUNDLE_DIR = join(ROOT, '.test-bundle')

declare module 'vitest' {
  export interface ProvidedContext {
    bundleDir: string
  }
}

/** Everything a bundle is made from: the source, the lockfile and the build's own config. */
function inputsHash(): string {
  const hash = createHash('sha256')
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]
      )
      .sort()
  for (const file of [
    ...files(join(ROOT, 'src')),
    join(ROOT, 'package-lock.json'),
    join(ROOT, 'package.json')
  ]) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file))
  }
  return hash.digest('hex')
}

async function ncc(entry: string, out: string): Promise<void> {
  await promisify(execFile)(
    join(ROOT, 'node_modules/.bin/ncc'),
    ['build', entry, '-o', out, '--no-cache', '--transpile-only', '--quiet'],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }
  )
}

export default async function setup(project: TestProject): Promise<() => void> {
  project.provide('bundleDir', BUNDLE_DIR)
  // What the runner gives every step: runs made in the test process write their findings files there, removed after the run, not left in the machine's temp folder.
  const runnerTemp = mkdtempSync(join(tmpdir(), 'architect-review-tests-'))
  process.env.RUNNER_TEMP = runnerTemp
  await bundle()
  return () => rmSync(runnerTemp, { recursive: true, force: true })
}

/** The bundles of the current source, rebuilt only when their inputs changed. */
async function bundle(): Promise<void> {
  const stamp = join(BUNDLE_DIR, 'inputs.sha256')
  const hash = inputsHash()
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return
  rmSync(BUNDLE_DIR, { recursive: true, force: true })
  mkdirSync(BUNDLE_DIR)
  await Promise.all([
    ncc('src/index.ts', BUNDLE_DIR),
    ncc('src/cli.ts', join(BUNDLE_DIR, 'cli'))
  ])
  copyWasm(BUNDLE_DIR)
  writeFileSync(
    join(BUNDLE_DIR, 'package.json'),
    `${JSON.stringify({ type: 'module' })}\n`
  )
  writeFileSync(stamp, hash)
}
