/**
 * Where else the changed code lives: the uses of the symbols a change adds,
 * changes or removes, and related files by convention (tests by package,
 * migrations and models), found with the same Grep and Glob the model uses.
 */
import { fileKindOf } from '../diff/file-kinds.js'
import type { ToolContext } from '../tools/tool-context.js'
import { CODE_FILE_GLOB } from './languages.js'
import type { Piece } from './gather-context.js'
import { escapeRegex, globPaths, run } from './tool-calls.js'

/** Symbols searched per unit, and uses shown per symbol. */
const MAX_SYMBOLS = 8
const USES_PER_SYMBOL = 6

/**
 * Where the changed (or removed) symbols are used outside their file:
 * searched in code files only, and only for names specific enough to mean
 * something (not `/`, not `open`), each name once per unit.
 */

export async function usePieces(
  path: string,
  symbols: ReadonlyArray<{ name: string; kind: string }>,
  tools: ToolContext,
  searched: Set<string>,
  how: 'changed' | 'removed'
): Promise<Piece[]> {
  const pieces: Piece[] = []
  if (!tools.files.canSearch) return pieces
  const specific = symbols.filter(
    (symbol) => isSpecific(symbol) && !searched.has(symbol.name)
  )
  // A unit's searches are bounded: beyond what its budget can show, a search is only thrown away.
  const room = Math.max(0, MAX_SEARCHES_PER_UNIT - searched.size)
  for (const symbol of specific.slice(0, Math.min(MAX_SYMBOLS, room))) {
    searched.add(symbol.name)
    const pattern =
      symbol.kind === 'route'
        ? `['"\`]${escapeRegex(symbol.name)}['"\`/?]`
        : `\\b${escapeRegex(symbol.name)}\\b`
    const uses = await run(tools, 'Grep', {
      pattern,
      glob: CODE_FILE_GLOB,
      output_mode: 'content',
      '-n': true,
      head_limit: 40
    })
    const rows = uses
      .split('\n')
      .filter((row) => /^[^:]+:\d+:/.test(row) && !row.startsWith(`${path}:`))
    // The tests that exercise a changed definition, whatever their file names, apart.
    const isTest = (row: string): boolean =>
      fileKindOf(row.slice(0, row.indexOf(':'))).name === 'test'
    const tests = rows.filter(isTest).slice(0, USES_PER_SYMBOL)
    const elsewhere = rows.filter((r) => !isTest(r)).slice(0, USES_PER_SYMBOL)
    if (tests.length > 0 && how === 'changed')
      pieces.push({
        title: `Tests that use ${symbol.kind} ${symbol.name} (from ${path})`,
        body: tests.join('\n'),
        priority: 1.5
      })
    if (how === 'removed') elsewhere.push(...tests)
    if (elsewhere.length > 0)
      pieces.push({
        title:
          how === 'removed'
            ? `Still used after ${path} was removed: ${symbol.kind} ${symbol.name}`
            : `Uses of ${symbol.kind} ${symbol.name} (from ${path}) elsewhere`,
        body: elsewhere.join('\n'),
        // What a removal leaves dangling matters as much as the diff itself.
        priority: how === 'removed' ? 1 : 2
      })
  }
  return pieces
}

/** Use searches per review unit, at most (git grep over the whole repository each). */
export const MAX_SEARCHES_PER_UNIT = 12

/** Names so common that their uses say nothing about this change. */
const COMMON_NAMES = new Set(
  (
    'start stop open close run main init setup process handle handler get set put post delete update create remove add ' +
    'load save read write find list index show new edit call apply execute exec send fetch parse format render ' +
    'test tests spec build make value values data item items name type types error errors result results config ' +
    'options params args context request response req res app server client service model models user users ' +
    'string number object array map filter reduce next done callback err log info debug warn ' +
    'self this cls super upgrade downgrade migration destroy'
  ).split(' ')
)

function isSpecific(symbol: { name: string; kind: string }): boolean {
  if (symbol.kind === 'route')
    // A route is specific when it names something: '/' and '/:id' are not.
    return /[A-Za-z]{3}/.test(symbol.name)
  // A class named like a common word is still specific: 'user' says nothing, the model 'User' does.
  const name = symbol.kind === 'class' ? symbol.name : symbol.name.toLowerCase()
  return symbol.name.length >= 4 && !COMMON_NAMES.has(name)
}

/** Tests and data-model files that belong with a changed file by naming convention. */
export async function relatedFiles(
  tools: ToolContext,
  path: string,
  inUnit: ReadonlySet<string>,
  tables: readonly string[]
): Promise<Array<{ why: string; paths: string[] }>> {
  if (!tools.files.canSearch) return []
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '')
  if (base.length < 3) return []
  const found: Array<{ why: string; paths: string[] }> = []
  const isTest = /(\.test|\.spec|_test|^test_|Test$)/.test(base)
  if (!isTest) {
    const tests = samePackage(
      path,
      await globPaths(
        tools,
        `**/{${base}.test.*,${base}.spec.*,test_${base}.py,${base}_test.*,${base}Test.*,${base}Tests.*}`
      )
    )
    if (tests.length > 0) found.push({ why: 'its tests', paths: tests })
  }
  const isMigration = /(^|\/)(migrations?|migrate|db\/migrate)\//.test(path)
  const isModel = /(^|\/)(models?|entities|schema)\//.test(path)
  if (isMigration || isModel) {
    // A migration names its tables in SQL; a model file names its table in its file name.
    const names = isMigration ? tables : [base]
    const paths = new Set<string>()
    for (const name of names) {
      const stem = name.toLowerCase().replace(/s$/, '')
      if (stem.length < 3) continue
      const pattern = isMigration
        ? `**/{models,model,entities,schema}/**/*${stem}*`
        : `**/{migrations,migrate}/**/*${stem}*`
      for (const p of await globPaths(tools, pattern))
        if (!inUnit.has(p)) paths.add(p)
    }
    if (paths.size > 0)
      found.push({
        why: isMigration
          ? 'models of the migrated tables'
          : 'migrations of this model',
        paths: [...paths]
      })
  }
  return found
}

/** Folders that say nothing about which package a file belongs to. */
const GENERIC_FOLDERS = new Set([
  'src',
  'lib',
  'app',
  'pkg',
  'internal',
  'main',
  'java',
  'kotlin',
  'test',
  'tests',
  'spec',
  '__tests__'
])

/**
 * Tests of the same package: in the file's folder (Go's `_test.go`,
 * co-located specs), or under a test folder that repeats the file's
 * package folder (`src/orders/x.ts` ↔ `test/orders/x.test.ts`) — not a
 * same-named test of another package.
 */
function samePackage(path: string, candidates: readonly string[]): string[] {
  const folder = path.slice(0, path.lastIndexOf('/') + 1)
  const local = candidates.filter(
    (c) => c.slice(0, c.lastIndexOf('/') + 1) === folder
  )
  if (local.length > 0 || path.endsWith('.go')) return local
  const packages = folder
    .split('/')
    .filter((part) => part !== '' && !GENERIC_FOLDERS.has(part))
  const own = packages.at(-1)
  if (own === undefined) return candidates.slice(0, 3)
  return candidates.filter((c) => c.split('/').slice(0, -1).includes(own))
}
