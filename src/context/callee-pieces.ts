import { isMachineMade } from '../diff/file-selection.js'
import type { ToolContext } from '../tools/tool-context.js'
import type { Piece } from './gather-context.js'
import { calleeDefinitions } from './syntax/callee-definitions.js'
import { readSyntax } from './syntax/syntax-index.js'
import type { FileSyntax } from './syntax/syntax-index.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
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
    read: (p) => configText(tools, p),
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
    pieces.push({
      title: `${d.path}: ${d.kind} ${d.name} (lines ${d.start}-${d.end}), used at ${path}:${d.usedAt}`,
      body,
      priority: 0.4
    })
  }
  return pieces
}

/** Bytes of a file parsed for its definitions, at most (the piece itself goes through Read). */
const PARSE_MAX_BYTES = 512 * 1024

/** Parsed files per repository view: a package imported by many changed files is read and parsed once. */
const parsed = new WeakMap<
  RepositoryFiles,
  Map<string, Promise<FileSyntax | undefined>>
>()

/** The syntax of `paths`, read in one batch where the view can (one git process, not one per file). */
async function syntaxOfMany(
  tools: ToolContext,
  paths: readonly string[]
): Promise<Map<string, FileSyntax>> {
  const files = tools.files
  // Blocked files (secrets, .git) are never read, not even to be parsed.
  paths = paths.filter((p) => tools.sandbox.allows(p))
  let cache = parsed.get(files)
  if (!cache) parsed.set(files, (cache = new Map()))
  const missing = paths.filter((p) => !cache.has(p))
  if (missing.length > 0) {
    const texts = files.readStarts
      ? files.readStarts(missing, PARSE_MAX_BYTES)
      : Promise.all(
          missing.map(
            async (p) => [p, await files.read(p, PARSE_MAX_BYTES)] as const
          )
        ).then((entries) => new Map(entries))
    for (const p of missing)
      cache.set(
        p,
        texts.then((all) => {
          const bytes = all.get(p)
          // Binary files hold no definitions.
          if (!bytes || bytes.subarray(0, 8_000).includes(0)) return undefined
          return readSyntax(p, bytes.toString('utf8'))
        })
      )
  }
  const result = new Map<string, FileSyntax>()
  for (const p of paths) {
    const syntax = await cache.get(p)
    if (syntax) result.set(p, syntax)
  }
  return result
}

/** Config files read to resolve imports (go.mod, tsconfig.json, composer.json), once per repository view. */
const configs = new WeakMap<
  RepositoryFiles,
  Map<string, Promise<string | undefined>>
>()

function configText(
  tools: ToolContext,
  path: string
): Promise<string | undefined> {
  let cache = configs.get(tools.files)
  if (!cache) configs.set(tools.files, (cache = new Map()))
  let text = cache.get(path)
  if (!text) cache.set(path, (text = textOf(tools, path)))
  return text
}
