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
/** A callee's file this short is shown whole. */
export const SMALL_CALLEE_FILE_LINES = 60

/** A file short enough to show whole, read once: its numbered lines and how many. */
async function smallFile(
  tools: ToolContext,
  path: string
): Promise<{ body: string; lines: number } | undefined> {
  const entry = await tools.files.stat(path).catch(() => undefined)
  // About 60 lines of code; a larger file is not read whole to find out.
  if (!entry || entry.size > SMALL_CALLEE_FILE_LINES * 60) return undefined
  const body = await read(tools, path)
  const lines = body.split('\n').filter((row) => /^\s*\d+\t/.test(row)).length
  return lines > 0 && lines <= SMALL_CALLEE_FILE_LINES
    ? { body, lines }
    : undefined
}

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
  const priority = fileKindOf(path).name === 'test' ? 1.5 : 0.4
  for (const d of found) {
    const key = `${d.path}:${d.start}`
    // A generated client is not what a reviewer reads, as the plan does not.
    if (unit.shown.has(key) || isMachineMade(d.path)) continue
    unit.shown.add(key)
    // Linked to the changed definition that uses it, as often as it does.
    const [user] = definitionsAround(syntax, d.usedAt)
    const about = [
      { node: user ? definitionNode(path, user.name) : path, weight: d.uses }
    ]
    const whole = await smallFile(tools, d.path)
    if (whole) {
      // A small module whole: its state (a pool's size) and its other helpers (a transaction) come with the callee.
      pieces.push({
        title: `${d.path} (whole file, ${whole.lines} line${whole.lines === 1 ? '' : 's'}): ${d.kind} ${d.name} (lines ${d.start}-${d.end}), used at ${path}:${d.usedAt}`,
        body: whole.body,
        priority,
        about,
        covers: [{ path: d.path, start: 1, end: whole.lines }]
      })
      continue
    }
    const lines = Math.min(d.end - d.start + 1, CALLEE_LINES)
    const body = await read(tools, d.path, d.start, lines)
    if (!body) continue
    pieces.push({
      title: `${d.path}: ${d.kind} ${d.name} (lines ${d.start}-${d.end}), used at ${path}:${d.usedAt}`,
      body,
      // What a test's changed lines call (fixtures, helpers) comes after what the source's call.
      priority,
      about,
      covers: [{ path: d.path, start: d.start, end: d.start + lines - 1 }]
    })
  }
  return pieces
}
