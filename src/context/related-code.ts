/**
 * Files related to a changed file by convention (tests by package,
 * migrations and models), found with the same Glob the model uses.
 */
import type { ToolContext } from '../tools/tool-context.js'
import { globPaths } from './tool-calls.js'

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
