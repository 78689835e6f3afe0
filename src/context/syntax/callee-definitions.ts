import { resolveImports } from './import-resolution.js'
import type { ResolutionView } from './import-resolution.js'
import type { Definition, FileSyntax } from './syntax-index.js'

/** A definition in another file that a changed line calls or uses. */
export interface CalleeDefinition extends Definition {
  path: string
  /** The changed line that uses it first. */
  usedAt: number
  /** How many changed lines use it. */
  uses: number
}

/**
 * What the changed lines call or use, defined in the files the changed file
 * imports (resolved per language): the helper a route queries through, the
 * model a handler reads, the password check an authentication calls. Each
 * name from the first imported file that defines it (with its overloads there).
 */
export async function calleeDefinitions(
  path: string,
  syntax: FileSyntax,
  changedLines: ReadonlySet<number>,
  view: ResolutionView & {
    /** The syntax of many files at once (read in one batch, parsed once per run). */
    syntaxOf(paths: readonly string[]): Promise<Map<string, FileSyntax>>
  }
): Promise<CalleeDefinition[]> {
  const local = new Set(syntax.definitions.map((d) => d.name))
  const used = new Map<string, { line: number; count: number }>()
  for (const ref of syntax.references) {
    if (!changedLines.has(ref.line) || local.has(ref.name)) continue
    const seen = used.get(ref.name)
    if (seen) seen.count++
    else used.set(ref.name, { line: ref.line, count: 1 })
  }
  if (used.size === 0) return []
  const found: CalleeDefinition[] = []
  const imported = await resolveImports(path, syntax, view)
  const syntaxes = await view.syntaxOf(imported)
  for (const file of imported) {
    const matched = new Set<string>()
    for (const definition of syntaxes.get(file)?.definitions ?? []) {
      const use = used.get(definition.name)
      if (use === undefined) continue
      // Overloads (Java's getPet(String), getPet(Integer)) are all shown: which one is called, the types tell.
      matched.add(definition.name)
      found.push({
        ...definition,
        path: file,
        usedAt: use.line,
        uses: use.count
      })
    }
    for (const name of matched) used.delete(name)
    if (used.size === 0) break
  }
  return found
}
