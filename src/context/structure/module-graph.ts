/**
 * The modules a change touches and the imports between them: files
 * grouped into folders at the depth that keeps the picture small, file
 * imports lifted to module edges, and the paths between modules.
 */

/** Modules drawn at most. */
export const MAX_MODULES = 15

/** A file import: which line of which file names which file. */
export interface FileImport {
  from: string
  line: number
  to: string
}

/** A module edge and the file imports that make it. */
export interface ModuleEdge {
  from: string
  to: string
  imports: FileImport[]
}

/** The folder of `path` cut to `depth` segments ('.' for the root). */
export function moduleOf(path: string, depth: number): string {
  const folders = path.split('/').slice(0, -1)
  return folders.length === 0 ? '.' : folders.slice(0, depth).join('/')
}

/**
 * The deepest folder depth at which the changed files fall into at most
 * MAX_MODULES modules (at least depth 1): as fine as the picture allows.
 */
export function chooseDepth(paths: readonly string[]): number {
  const deepest = Math.max(1, ...paths.map((p) => p.split('/').length - 1))
  for (let depth = deepest; depth > 1; depth--)
    if (new Set(paths.map((p) => moduleOf(p, depth))).size <= MAX_MODULES)
      return depth
  return 1
}

/** File imports lifted to edges between the given modules (a module's imports of itself left out). */
export function moduleEdges(
  imports: readonly FileImport[],
  modules: ReadonlySet<string>,
  depth: number
): Map<string, ModuleEdge> {
  const edges = new Map<string, ModuleEdge>()
  for (const i of imports) {
    const from = moduleOf(i.from, depth)
    const to = moduleOf(i.to, depth)
    if (from === to || !modules.has(from) || !modules.has(to)) continue
    const key = `${from}\u0000${to}`
    const edge = edges.get(key) ?? { from, to, imports: [] }
    edge.imports.push(i)
    edges.set(key, edge)
  }
  return edges
}
