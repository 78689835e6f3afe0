import type { ReviewUnit } from '../plan/review-plan.js'
import { codeFence } from '../text/markdown.js'
import { estimateTokens } from '../plan/token-estimate.js'
import type { ToolContext } from '../tools/tool-context.js'
import { candidateFiles, importedPaths } from './imports.js'
import { languageOf } from './languages.js'
import { relatedFiles, usePieces } from './related-code.js'
import { read, textOf } from './tool-calls.js'
import { enclosingScope } from './scope-finder.js'
import { anchorLine, definitionScope } from './syntax/definition-scope.js'
import { readSyntax } from './syntax/syntax-index.js'
import { isMachineMade } from '../diff/file-selection.js'
import { calleePieces } from './callee-pieces.js'
import type { Scope } from './scope-finder.js'
import { changedSymbols, removedSymbols } from './symbols.js'

/** What a unit's review starts with besides its diff. */
export interface GatheredContext {
  /** Markdown for the unit's cached prefix ('' when nothing was gathered). */
  text: string
  /** One line per excerpt that made it in. */
  included: string[]
  /** One line per excerpt left out for lack of budget. */
  omitted: string[]
  tokens: number
}

/** A changed file at most this long is shown whole. */
export const SMALL_FILE_LINES = 120

export interface Piece {
  title: string
  body: string
  /** Lower goes first when the budget is short. */
  priority: number
}

/**
 * Gathers, before any pass and with the same Read/Grep/Glob code the model
 * uses, what a senior reviewer would open first: each hunk's enclosing
 * scope (or the whole file when small) less what the diff shows, the
 * modules the changed code imports, the uses of symbols the PR adds,
 * changes or removes, and related files by convention (tests, migrations
 * and models), each once per unit.
 * It fits `budgetTokens`; what does not fit is listed, never dropped silently.
 */
export async function gatherContext(
  unit: ReviewUnit,
  tools: ToolContext,
  budgetTokens: number
): Promise<GatheredContext> {
  if (budgetTokens <= 0) return empty()
  const pieces: Piece[] = []
  const seen: UnitSeen = {
    inUnit: new Set(unit.files.map((f) => f.file.path)),
    searched: new Set(),
    imported: new Set(),
    callees: { shown: new Set(), paths: once(() => readablePaths(tools)) }
  }
  for (const entry of unit.files)
    pieces.push(...(await filePieces(entry, tools, seen)))
  return fitBudget(pieces, budgetTokens)
}

/**
 * The repository's paths, listed on first use. Not filtered here: the
 * sandbox checks only the few files imports resolve to (checking 50,000
 * paths took most of a large repository's context time).
 */
async function readablePaths(tools: ToolContext): Promise<ReadonlySet<string>> {
  return new Set(await tools.files.list())
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}

/** What a unit's context already holds, so each section comes once. */
interface UnitSeen {
  /** The unit's own files (their diff is shown). */
  inUnit: ReadonlySet<string>
  /** Symbol names whose uses were searched. */
  searched: Set<string>
  /** Modules shown as imported. */
  imported: Set<string>
  /** Definitions shown as called by changed lines (`path:line`), and the repository's paths, listed once. */
  callees: { shown: Set<string>; paths: () => Promise<ReadonlySet<string>> }
}

const empty = (): GatheredContext => ({
  text: '',
  included: [],
  omitted: [],
  tokens: 0
})

type UnitEntry = ReviewUnit['files'][number]

/** New-file line numbers of the unit's added rows of a file. */
function addedLines(entry: UnitEntry): Set<number> {
  const lines = new Set<number>()
  for (const hunk of entry.hunks)
    for (const row of hunk.lines)
      if (row.kind === 'add' && row.newLine !== undefined)
        lines.add(row.newLine)
  return lines
}

/** New-file line numbers the unit's diff shows of a file (added and context rows). */
function shownRows(entry: UnitEntry): Set<number> {
  const shown = new Set<number>()
  for (const hunk of entry.hunks)
    for (const row of hunk.lines)
      if (row.newLine !== undefined) shown.add(row.newLine)
  return shown
}

/** What one changed file brings: its scopes, the uses of what it changes, and its related files. */
async function filePieces(
  entry: UnitEntry,
  tools: ToolContext,
  seen: UnitSeen
): Promise<Piece[]> {
  const { file } = entry
  if (!tools.sandbox.allows(file.path)) return []
  if (file.status === 'removed')
    return usePieces(
      file.path,
      removedSymbols(file),
      tools,
      seen.searched,
      'removed'
    )
  const source = await textOf(tools, file.path)
  if (source === undefined) return []
  const lines = source.split('\n')
  const language = languageOf(file.path)
  // The parser's definitions when a grammar reads the file; else the regex scope finder.
  const syntax = await readSyntax(file.path, source)
  const hunkScopes = entry.hunks.map((h) => {
    const line = anchorLine(h.lines, h.newStart)
    const changed = { first: h.newStart, last: h.newStart + h.newLines - 1 }
    return (
      (syntax && definitionScope(syntax, line, changed)) ??
      enclosingScope(lines, line, language)
    )
  })
  const added = entry.hunks.flatMap((h) =>
    h.lines.filter((row) => row.kind === 'add').map((row) => row.text)
  )
  // A symbol is changed when the PR declares it or edits inside its scope.
  const declared = changedSymbols(file.path, language, added)
  const edited = hunkScopes
    .filter(
      (scope) =>
        scope.name && scope.kind !== 'window' && scope.kind !== 'statement'
    )
    .map((scope) => ({
      name: scope.name!,
      kind: scope.kind as 'function' | 'class' | 'route',
      path: file.path
    }))
  const symbols = [
    ...declared,
    ...edited.filter((e) => !declared.some((d) => d.name === e.name))
  ]
  const tables = declared.filter((s) => s.kind === 'table').map((s) => s.name)
  const related = await relatedFiles(tools, file.path, seen.inUnit, tables)
  return [
    // An added file is whole in the diff already: its text is not repeated.
    ...(file.status === 'added'
      ? []
      : await scopePieces(
          file.path,
          lines,
          hunkScopes,
          tools,
          shownRows(entry)
        )),
    ...(syntax
      ? await calleePieces(
          file.path,
          syntax,
          addedLines(entry),
          tools,
          seen.callees
        )
      : []),
    ...(await importPieces(file.path, language, source, tools, seen)),
    ...(await usePieces(file.path, symbols, tools, seen.searched, 'changed')),
    ...related.map((r) => ({
      title: `Related to ${file.path}: ${r.why}`,
      body: r.paths.join('\n'),
      priority: 3
    }))
  ]
}

/** A module imported whole up to this many lines; a longer one by its first lines. */
const IMPORTED_LINES = 150

/**
 * The repository modules a changed file imports by relative path, right
 * after the change itself: what the changed code calls (the database
 * helper a route queries through) is what a reviewer reads first.
 */
async function importPieces(
  path: string,
  language: ReturnType<typeof languageOf>,
  source: string,
  tools: ToolContext,
  unit: UnitSeen
): Promise<Piece[]> {
  const pieces: Piece[] = []
  for (const imported of importedPaths(path, language, source)) {
    const found = await firstExisting(tools, candidateFiles(imported))
    // A module imported by several changed files is shown once.
    if (!found || unit.inUnit.has(found) || unit.imported.has(found)) continue
    if (!tools.sandbox.allows(found)) continue
    unit.imported.add(found)
    // One Read: it refuses binary and secret files, and says when it showed only the first lines.
    const body = await read(tools, found, 1, IMPORTED_LINES)
    // A generated client or route tree is not what a reviewer reads, as the plan does not.
    if (body && !isMachineMade(found, body.split('\n', 12).join('\n')))
      pieces.push({
        title: `${found} (imported by ${path})`,
        body,
        priority: 0.5
      })
  }
  return pieces
}

async function firstExisting(
  tools: ToolContext,
  candidates: readonly string[]
): Promise<string | undefined> {
  for (const candidate of candidates) {
    const entry = await tools.files.stat(candidate).catch(() => undefined)
    if (entry && !entry.symlink) return candidate
  }
  return undefined
}

/** A small file whole; otherwise each hunk's enclosing scope, once. */
async function scopePieces(
  path: string,
  lines: readonly string[],
  hunkScopes: readonly Scope[],
  tools: ToolContext,
  inDiff: ReadonlySet<number>
): Promise<Piece[]> {
  if (lines.length <= SMALL_FILE_LINES) {
    const body = outsideDiff(await read(tools, path), inDiff)
    return body
      ? [
          {
            title: `${path} (whole file, ${lines.length} lines)`,
            body,
            priority: 0
          }
        ]
      : []
  }
  const scopes: Scope[] = []
  for (const scope of hunkScopes)
    if (!scopes.some((s) => s.start <= scope.start && scope.end <= s.end))
      scopes.push(scope)
  const pieces: Piece[] = []
  for (const scope of scopes) {
    const what =
      scope.kind === 'window'
        ? 'lines around the change'
        : `${scope.kind}${scope.name ? ` ${scope.name}` : ''}`
    const body = outsideDiff(await scopeText(tools, path, scope), inDiff)
    if (body)
      pieces.push({
        title: `${path}: ${what} (lines ${scope.start}-${scope.end})`,
        body,
        priority: 1
      })
  }
  return pieces
}

/**
 * Read output without the lines the diff already shows: each run of them
 * becomes one line saying so. Empty when the diff shows every line.
 */
function outsideDiff(numbered: string, inDiff: ReadonlySet<number>): string {
  const out: string[] = []
  let run: [number, number] | undefined
  let kept = 0
  const flush = (): void => {
    if (run)
      out.push(`     …\t(lines ${run[0]}-${run[1]} are in the diff above)`)
    run = undefined
  }
  for (const row of numbered.split('\n')) {
    const number = Number(/^\s*(\d+)\t/.exec(row)?.[1])
    if (Number.isInteger(number) && inDiff.has(number)) {
      run = run ? [run[0], number] : [number, number]
      continue
    }
    flush()
    out.push(row)
    if (Number.isInteger(number)) kept++
  }
  flush()
  return kept > 0 ? out.join('\n') : ''
}

/** A scope's numbered lines; a long definition's excerpt with its elided lines marked. */
async function scopeText(
  tools: ToolContext,
  path: string,
  scope: Scope
): Promise<string> {
  if (!scope.parts)
    return read(tools, path, scope.start, scope.end - scope.start + 1)
  const texts: string[] = []
  let next = scope.start
  for (const part of scope.parts) {
    if (part.start > next)
      texts.push(
        `     …\t(lines ${next}-${part.start - 1} of ${scope.name ?? 'it'} elided)`
      )
    texts.push(await read(tools, path, part.start, part.end - part.start + 1))
    next = part.end + 1
  }
  return texts.join('\n')
}

/** The pieces that fit the budget, most important first; the rest are named, never dropped silently. */
function fitBudget(pieces: Piece[], budgetTokens: number): GatheredContext {
  const included: string[] = []
  const omitted: string[] = []
  const sections: string[] = []
  const bodies = new Set<string>()
  let tokens = 0
  for (const piece of pieces.sort((a, b) => a.priority - b.priority)) {
    // The same lines found twice (a callee that is also an imported module's whole text) go in once.
    if (bodies.has(piece.body)) continue
    bodies.add(piece.body)
    const section = `## ${piece.title}\n${codeFence(piece.body)}`
    const cost = estimateTokens(section)
    if (tokens + cost > budgetTokens) {
      omitted.push(piece.title)
      continue
    }
    tokens += cost
    included.push(piece.title)
    sections.push(section)
  }
  if (sections.length === 0 && omitted.length === 0) return empty()
  const header = [
    '# Context gathered for this unit',
    'Read before the review from the head commit (the same files your Read, Grep and Glob see), so you need not look these up again.'
  ]
  const tail =
    omitted.length > 0
      ? [
          `Not included for lack of room (use the tools if you need them):\n${omitted.map((o) => `- ${o}`).join('\n')}`
        ]
      : []
  return {
    text: [...header, ...sections, ...tail].join('\n\n'),
    included,
    omitted,
    tokens
  }
}
