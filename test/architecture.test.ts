/**
 * The source reads as the pipeline: settings → pull request → diff → plan →
 * findings → review → pipeline → publish → conversation (PR comments). Each folder may import only from
 * its own layer and the layers below it, so no import runs backwards.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../src')

/** Lowest first. A module is named by its folder, or by its file name at the top level. */
const LAYERS: string[][] = [
  ['errors', 'version', 'outputs', 'logging', 'text', 'vocabulary'],
  ['settings', 'runner-context'],
  ['agents'],
  ['diff', 'git'],
  ['pull-request'],
  ['plan'],
  ['findings'],
  ['repository'],
  ['tools'],
  ['context'],
  ['review'],
  ['pipeline'],
  ['report'],
  ['github', 'publish'],
  ['conversation'],
  ['main', 'cli', 'index']
]

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
