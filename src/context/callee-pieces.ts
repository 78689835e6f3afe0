import { fileKindOf } from '../diff/file-kinds.js'
import { isMachineMade } from '../diff/file-selection.js'
import type { ToolContext } from '../tools/tool-context.js'
import type { Piece } from './context-piece.js'
import { definitionNode } from './piece-ranking.js'
import { calleeDefinitions } from './syntax/callee-definitions.js'
import { definitionsAround } from './syntax/syntax-index.js'
import type { FileSyntax } from './syntax/syntax-index.js'
import { resolutionView, syntaxOfMany } from './parsed-files.js'
import { read } from './tool-calls.js'

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
    ...resolutionView(tools, await unit.paths()),
    syntaxOf: (paths) => syntaxOfMany(tools, paths)
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
    // Linked to the changed definition that uses it, as often as it does.
    const [user] = definitionsAround(syntax, d.usedAt)
    pieces.push({
      title: `${d.path}: ${d.kind} ${d.name} (lines ${d.start}-${d.end}), used at ${path}:${d.usedAt}`,
      body,
      // What a test's changed lines call (fixtures, helpers) comes after what the source's call.
      priority: fileKindOf(path).name === 'test' ? 1.5 : 0.4,
      about: [
        { node: user ? definitionNode(path, user.name) : path, weight: d.uses }
      ],
      covers: [{ path: d.path, start: d.start, end: d.start + lines - 1 }]
    })
  }
  return pieces
}
