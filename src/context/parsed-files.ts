/**
 * The repository's files as the context engine reads them: parsed once
 * (by path within a view, by blob id across views), read in one batch
 * where the view can, and the config files import resolution needs.
 */
import type { RepositoryFiles } from '../repository/repository-files.js'
import type { ToolContext } from '../tools/tool-context.js'
import { grammarOf } from './syntax/grammars.js'
import { readSyntax } from './syntax/syntax-index.js'
import type { FileSyntax } from './syntax/syntax-index.js'
import type { ResolutionView } from './syntax/import-resolution.js'
import { textOf } from './tool-calls.js'

/** Bytes of a file parsed for its definitions, at most (what is shown goes through Read). */
const PARSE_MAX_BYTES = 512 * 1024

/** Parsed files per repository view, by path: a package imported by many changed files is read and parsed once. */
const parsed = new WeakMap<
  RepositoryFiles,
  Map<string, Promise<FileSyntax | undefined>>
>()

/**
 * Parsed blobs by grammar and blob id, across views: the base and the head
 * of a change (or two shards' views) share most files. Bounded, as a
 * process may review more than one change.
 */
const byBlob = new Map<string, Promise<FileSyntax | undefined>>()
const MAX_BLOBS = 20_000

/** The syntax of `paths` (those a grammar reads), read in one batch where the view can (one git process, not one per file). */
export async function syntaxOfMany(
  tools: ToolContext,
  paths: readonly string[]
): Promise<Map<string, FileSyntax>> {
  const files = tools.files
  // Blocked files (secrets, .git) are never read, not even to be parsed; nor files no grammar reads.
  paths = paths.filter((p) => grammarOf(p) && tools.sandbox.allows(p))
  let cache = parsed.get(files)
  if (!cache) parsed.set(files, (cache = new Map()))
  // Each unknown path's blob key, from one stat: a blob parsed in another view is not parsed again.
  const missing: Array<{ path: string; blob?: string }> = []
  for (const path of paths.filter((p) => !cache.has(p))) {
    const entry = await files.stat(path).catch(() => undefined)
    const blob = entry?.oid && `${grammarOf(path)}:${entry.oid}`
    const known = blob ? byBlob.get(blob) : undefined
    if (known) cache.set(path, known)
    else missing.push({ path, blob })
  }
  if (missing.length > 0) {
    const texts = readMany(
      files,
      missing.map((m) => m.path)
    )
    for (const { path, blob } of missing) {
      const syntax = texts.then((all) => {
        const bytes = all.get(path)
        // Binary files hold no definitions.
        if (!bytes || bytes.subarray(0, 8_000).includes(0)) return undefined
        return readSyntax(path, bytes.toString('utf8'))
      })
      cache.set(path, syntax)
      if (blob) {
        if (byBlob.size >= MAX_BLOBS) byBlob.clear()
        byBlob.set(blob, syntax)
      }
    }
  }
  const result = new Map<string, FileSyntax>()
  for (const p of paths) {
    const syntax = await cache.get(p)
    if (syntax) result.set(p, syntax)
  }
  return result
}

/** The first bytes of many files: in one batch where the view can. */
function readMany(
  files: RepositoryFiles,
  paths: readonly string[]
): Promise<Map<string, Buffer | undefined>> {
  if (files.readStarts) return files.readStarts(paths, PARSE_MAX_BYTES)
  return Promise.all(
    paths.map(async (p) => {
      const bytes = await files.read(p, PARSE_MAX_BYTES).catch(() => undefined)
      return [p, bytes] as const
    })
  ).then((entries) => new Map(entries))
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

/** What import resolution reads: the repository's paths (listed once by the caller) and its config files. */
export function resolutionView(
  tools: ToolContext,
  paths: ReadonlySet<string>
): ResolutionView {
  return { paths, read: (p) => configText(tools, p) }
}
