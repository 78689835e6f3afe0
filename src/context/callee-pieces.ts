import { isMachineMade } from '../diff/file-selection.js'
import type { ToolContext } from '../tools/tool-context.js'
import type { Piece } from './gather-context.js'
import { calleeDefinitions } from './syntax/callee-definitions.js'
import type { FileSyntax } from './syntax/syntax-index.js'
import { read, textOf } from './tool-calls.js'

/** A definition longer than this is shown by its first lines. */
export const CALLEE_LINES = 40

/**
 * The definitions, in other files, of what a file's changed lines call or
 * use, found through its imports: shown right after the change, before
 * whole imported modules, each once per unit (`shown`).
 */
export async function calleePieces(
  path: string,
  syntax: FileSyntax,
  changedLines: ReadonlySet<number>,
  tools: ToolContext,
  unit: { shown: Set<string>; paths: () => Promise<ReadonlySet<string>> }
): Promise<Piece[]> {
  // Without a checkout (files read through the API) there is no list of files to resolve into.
  if (!tools.files.canSearch) return []
  const found = await calleeDefinitions(path, syntax, changedLines, {
    paths: await unit.paths(),
    read: (p) => textOf(tools, p)
  })
  const pieces: Piece[] = []
  for (const d of found) {
    const key = `${d.path}:${d.start}`
    // A generated client is not what a reviewer reads, as the plan does not.
    if (unit.shown.has(key) || isMachineMade(d.path)) continue
    unit.shown.add(key)
    const lines = Math.min(d.end - d.start + 1, CALLEE_LINES)
    const body = await read(tools, d.path, d.start, lines)
    if (!body) continue
    pieces.push({
      title: `${d.path}: ${d.kind} ${d.name} (lines ${d.start}-${d.end}), used at ${path}:${d.usedAt}`,
      body,
      priority: 0.4
    })
  }
  return pieces
}
