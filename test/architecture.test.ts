/**
 * The layers CONTRIBUTING.md documents, lowest first: text → settings →
 * diff → plan/findings → review/context → outcome → pipeline | publish →
 * conversation → front ends. A module may import only from its own layer
 * and the layers below it, so no import runs backwards.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../src')

/** Lowest first. A module is named by its folder, or by its file name at the top level. */
export const LAYERS: string[][] = [
  ['errors', 'version', 'outputs', 'logging', 'text', 'vocabulary'],
  ['settings', 'setting-inputs', 'runner-context'],
  ['diff', 'git'],
  ['agents', 'pull-request'],
  ['plan', 'findings'],
  ['repository', 'tools', 'github'],
  ['context'],
  ['review'],
  ['outcome'],
  ['report'],
  ['pipeline', 'publish'],
  ['conversation'],
  ['front-end', 'benchmark'],
  ['action', 'cli', 'main', 'index']
]

/** Siblings that must not import each other: publishing takes an outcome, never the pipeline that made it. */
const APART: Array<[string, string]> = [
  ['publish', 'pipeline'],
  ['pipeline', 'publish']
]

const lines = (file: string): number =>
  readFileSync(file, 'utf8').split('\n').length - 1

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : []
  )
}

function moduleOf(file: string): string {
  const rel = relative(SRC, file)
  const [first] = rel.split('/')
  return rel.includes('/') ? first : first.replace(/\.ts$/, '')
}

function layerOf(module: string): number {
  const layer = LAYERS.findIndex((names) => names.includes(module))
  if (layer < 0) throw new Error(`src module '${module}' has no layer`)
  return layer
}

/** Every relative import of the source as [importer, imported] modules. */
function importEdges(): Array<{ file: string; from: string; to: string }> {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return [
      ...text.matchAll(/from '(\.{1,2}\/[^']+)'|import\('(\.{1,2}\/[^']+)'\)/g)
    ]
      .map((m) =>
        resolve(dirname(file), (m[1] ?? m[2]).replace(/\.js$/, '.ts'))
      )
      .map((target) => ({
        file: relative(SRC, file),
        from: moduleOf(file),
        to: moduleOf(target)
      }))
  })
}

describe('architecture', () => {
  it('gives every source module a layer', () => {
    const modules = new Set(sourceFiles(SRC).map(moduleOf))
    for (const module of modules) expect(() => layerOf(module)).not.toThrow()
  })

  it('has no import that runs backwards against the pipeline', () => {
    const backwards = importEdges()
      .filter((e) => layerOf(e.to) > layerOf(e.from))
      .map(
        (e) =>
          `${e.file} imports ${e.to} (layer ${layerOf(e.to)} > ${layerOf(e.from)})`
      )
    expect(backwards).toEqual([])
  })

  it('keeps publishing and the pipeline apart', () => {
    const crossing = importEdges()
      .filter((e) => APART.some(([from, to]) => e.from === from && e.to === to))
      .map((e) => `${e.file} imports ${e.to}`)
    expect(crossing).toEqual([])
  })

  it("lets only the action's runner step (and settings, for inputs) touch @actions/core", () => {
    const touching = sourceFiles(SRC)
      .filter((file) =>
        /from '@actions\/core'/.test(readFileSync(file, 'utf8'))
      )
      .map((file) => relative(SRC, file))
      .sort()
    expect(touching).toEqual(['action/runner-step.ts', 'settings.ts'])
  })

  it('keeps src/main.ts a thin entry and the run kinds of the action short', () => {
    expect(lines(join(SRC, 'main.ts'))).toBeLessThanOrEqual(120)
    const long = readdirSync(join(SRC, 'action'))
      .map((f) => join(SRC, 'action', f))
      .filter((file) => lines(file) > 300)
    expect(long).toEqual([])
  })

  it('keeps every source file to 400 lines', () => {
    const long = sourceFiles(SRC)
      .filter((file) => lines(file) > 400)
      .map((file) => `${relative(SRC, file)}: ${lines(file)} lines`)
    expect(long).toEqual([])
  })

  it('gives every module of the action its own test file', () => {
    const modules = readdirSync(join(SRC, 'action')).map((f) =>
      f.replace(/\.ts$/, '')
    )
    const untested = modules.filter(
      (m) =>
        m !== 'step' &&
        !readdirSync(resolve(SRC, '../test')).includes(`action-${m}.test.ts`)
    )
    expect(untested).toEqual([])
  })

  it('keeps src/index.ts to calling run()', () => {
    const code = readFileSync(join(SRC, 'index.ts'), 'utf8')
      .split('\n')
      .filter(
        (line) =>
          line.trim() &&
          !line.trim().startsWith('/') &&
          !line.trim().startsWith('*')
      )
    expect(code).toEqual(["import { run } from './main.js'", 'run()'])
  })
})
