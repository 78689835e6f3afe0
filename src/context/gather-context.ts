import type { ReviewUnit } from '../plan/review-plan.js'
import { fileKindOf } from '../diff/file-kinds.js'
import type { ToolContext } from '../tools/tool-context.js'
import { languageOf } from './languages.js'
import { relatedFiles } from './related-code.js'
import { read, textOf } from './tool-calls.js'
import { enclosingScope } from './scope-finder.js'
import type { Scope } from './scope-finder.js'
import { anchorLine, definitionScope } from './syntax/definition-scope.js'
import { grammarOf } from './syntax/grammars.js'
import type { FileSyntax } from './syntax/syntax-index.js'
import {
  changedDefinitions,
  removedDefinitions
} from './syntax/changed-definitions.js'
import { calleePieces } from './callee-pieces.js'
import { syntaxOfMany } from './parsed-files.js'
import { emptyContext, fitBudget } from './context-piece.js'
import type { GatheredContext, Piece } from './context-piece.js'
import { definitionNode } from './piece-ranking.js'
import type { ChangedNode } from './piece-ranking.js'
import { changedSymbols, removedSymbols } from './symbols.js'
import { usePieces } from './use-sites.js'
import type { UseSearch, UsedSymbol } from './use-sites.js'

export type { GatheredContext, Piece } from './context-piece.js'

/** A changed file at most this long is shown whole. */
export const SMALL_FILE_LINES = 120

/**
 * Gathers, before any pass and with the same Read/Grep/Glob code the model
 * uses, what a senior reviewer would open first: each hunk's enclosing
 * definition (or the whole file when small) less what the diff shows, the
 * definitions the changed lines call in other files (through imports
 * resolved per language), the callers and tests of what the PR changes,
 * what still uses what it removes, and related files by convention. A
 * grammar reads each file; a language without one falls back to patterns.
 * The pieces are ranked into `budgetTokens` (see fitBudget); what does not
 * fit is listed, never dropped silently.
 */
export async function gatherContext(
  unit: ReviewUnit,
  tools: ToolContext,
  budgetTokens: number
): Promise<GatheredContext> {
  if (budgetTokens <= 0) return emptyContext()
  const paths = once(() => readablePaths(tools))
  const seen: UnitSeen = {
    inUnit: new Set(unit.files.map((f) => f.file.path)),
    search: { tools, searched: new Set(), paths },
    callees: { shown: new Set(), paths },
    changed: new Map()
  }
  const pieces: Piece[] = []
  for (const entry of unit.files)
    pieces.push(...(await filePieces(entry, tools, seen)))
  return fitBudget(pieces, budgetTokens, seen.changed)
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

/** What a unit's context already holds or searched, so each section comes once. */
interface UnitSeen {
  /** The unit's own files (their diff is shown). */
  inUnit: ReadonlySet<string>
  search: UseSearch
  /** Definitions shown as called by changed lines (`path:line`), and the repository's paths, listed once. */
  callees: { shown: Set<string>; paths: () => Promise<ReadonlySet<string>> }
  /** The changed definitions (`path#name`) and files, with their changed lines: what the ranking is personalised on. */
  changed: Map<string, ChangedNode>
}

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

/** Records what a file changes, for the ranking. */
function noteChanged(
  seen: UnitSeen,
  path: string,
  symbols: ReadonlyArray<UsedSymbol & { changedLines?: number }>
): void {
  // A test's many new lines (or a changelog's) are not what the review is about: such a file weighs a fifth of a source file.
  const weight = fileKindOf(path).name === 'source' ? 1 : NOT_SOURCE_WEIGHT
  seen.changed.set(path, { path, lines: 1, weight })
  for (const s of symbols)
    seen.changed.set(definitionNode(path, s.name), {
      path,
      lines: s.changedLines ?? 1,
      weight
    })
}

/** How much a changed test, config or docs file counts against a source file, for the ranking. */
const NOT_SOURCE_WEIGHT = 0.2

/** What one changed file brings: its scopes, its callees, the uses of what it changes, and its related files. */
async function filePieces(
  entry: UnitEntry,
  tools: ToolContext,
  seen: UnitSeen
): Promise<Piece[]> {
  const { file } = entry
  if (!tools.sandbox.allows(file.path)) return []
  if (file.status === 'removed') {
    const gone = grammarOf(file.path)
      ? await removedDefinitions(file.path, file.hunks, undefined)
      : removedSymbols(file)
    noteChanged(seen, file.path, gone)
    return usePieces(gone, seen.search, 'removed')
  }
  const source = await textOf(tools, file.path)
  if (source === undefined) return []
  const lines = source.split('\n')
  // Parsed through the same cache as the files that use or are used by it: once.
  const syntax = (await syntaxOfMany(tools, [file.path])).get(file.path)
  const scopes = hunkScopes(entry, lines, syntax)
  const added = entry.hunks.flatMap((h) =>
    h.lines.filter((row) => row.kind === 'add').map((row) => row.text)
  )
  const patterns = changedSymbols(file.path, languageOf(file.path), added)
  // Tables a migration or an SQL string names (DDL is not a definition a grammar reads).
  const isDdl = (s: { kind: string }): boolean =>
    s.kind === 'table' || s.kind === 'column'
  const ddl = patterns.filter(isDdl)
  const symbols = syntax
    ? changedDefinitions(file.path, syntax, entry.hunks)
    : withEditedScopes(
        file.path,
        patterns.filter((s) => !isDdl(s)),
        scopes
      )
  const removed = syntax
    ? await removedDefinitions(file.path, entry.hunks, syntax)
    : []
  noteChanged(seen, file.path, [...symbols, ...removed])
  const tables = ddl.filter((s) => s.kind === 'table').map((s) => s.name)
  const related = await relatedFiles(tools, file.path, seen.inUnit, tables)
  return [
    // An added file is whole in the diff already: its text is not repeated.
    ...(file.status === 'added'
      ? []
      : await scopePieces(file.path, lines, scopes, tools, {
          inDiff: shownRows(entry),
          changed: seen.changed
        })),
    ...(syntax
      ? await calleePieces(
          file.path,
          syntax,
          addedLines(entry),
          tools,
          seen.callees
        )
      : []),
    ...(await usePieces(
      [...symbols, ...ddl.filter((s) => s.kind === 'table')],
      seen.search,
      'changed'
    )),
    ...(await usePieces(removed, seen.search, 'removed')),
    ...related.map((r) => ({
      title: `Related to ${file.path}: ${r.why}`,
      body: r.paths.join('\n'),
      priority: 3,
      about: [{ node: file.path, weight: 1 }]
    }))
  ]
}

/**
 * Each hunk's scope: the innermost definition the parser reads around the
 * line the hunk is about (a window when there is none); without a grammar,
 * the pattern scope finder's.
 */
function hunkScopes(
  entry: UnitEntry,
  lines: readonly string[],
  syntax: FileSyntax | undefined
): Scope[] {
  const language = languageOf(entry.file.path)
  return entry.hunks.map((h) => {
    const line = anchorLine(h.lines, h.newStart)
    const changed = { first: h.newStart, last: h.newStart + h.newLines - 1 }
    if (!syntax) return enclosingScope(lines, line, language)
    const scope = definitionScope(syntax, line, changed)
    // Rows only deleted inside a class (a method removed): the lines around, not the whole class.
    const deletedOnly = !h.lines.some((row) => row.kind === 'add')
    return scope && !(deletedOnly && scope.kind === 'class')
      ? scope
      : enclosingScope(lines, line, undefined)
  })
}

/** Without a grammar: the symbols patterns read on added lines, and the named scopes the hunks edit. */
function withEditedScopes(
  path: string,
  declared: readonly UsedSymbol[],
  scopes: readonly Scope[]
): UsedSymbol[] {
  const edited = scopes
    .filter((s) => s.name && s.kind !== 'window' && s.kind !== 'statement')
    .map((s) => ({
      name: s.name!,
      kind: s.kind,
      path,
      start: s.start,
      end: s.end
    }))
  return [
    ...declared,
    ...edited.filter((e) => !declared.some((d) => d.name === e.name))
  ]
}

/**
 * How strongly a changed definition's own code is linked to it, against
 * one use of a callee: a reviewer reads the whole function before what it calls.
 */
const SCOPE_WEIGHT = 3

/**
 * A small file whole; otherwise each hunk's enclosing scope, once. Ranked
 * like every other piece (a huge change cannot show every scope): linked
 * to the changed definition it holds; a test's own code weighs less.
 */
async function scopePieces(
  path: string,
  lines: readonly string[],
  hunkScopes: readonly Scope[],
  tools: ToolContext,
  unit: {
    inDiff: ReadonlySet<number>
    changed: UnitSeen['changed']
  }
): Promise<Piece[]> {
  const { inDiff } = unit
  const priority = fileKindOf(path).name === 'test' ? 1 : 0
  const about = (name?: string): Piece['about'] => {
    const node = name && definitionNode(path, name)
    return [
      {
        node: node && unit.changed.has(node) ? node : path,
        weight: SCOPE_WEIGHT
      }
    ]
  }
  if (lines.length <= SMALL_FILE_LINES) {
    const body = outsideDiff(await read(tools, path), inDiff)
    return body
      ? [
          {
            title: `${path} (whole file, ${lines.length} lines)`,
            body,
            priority,
            about: about(),
            covers: [{ path, start: 1, end: lines.length }]
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
        priority,
        about: about(scope.kind === 'window' ? undefined : scope.name),
        covers: (scope.parts ?? [scope]).map((r) => ({
          path,
          start: r.start,
          end: r.end
        }))
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
