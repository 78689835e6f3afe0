/**
 * Where a changed or removed definition is used: found with the model's
 * own Grep, then read with the parser, so a name in a comment, a string or
 * another declaration is not a use, each use names the definition it sits
 * in (the caller), and the uses in files whose imports reach the
 * definition's file come first.
 */
import { fileKindOf } from '../diff/file-kinds.js'
import { isMachineMade } from '../diff/file-selection.js'
import type { ToolContext } from '../tools/tool-context.js'
import { CODE_FILE_GLOB } from './languages.js'
import type { Piece } from './context-piece.js'
import { resolutionView, syntaxOfMany } from './parsed-files.js'
import { resolveImports } from './syntax/import-resolution.js'
import { definitionsAround } from './syntax/syntax-index.js'
import type { FileSyntax } from './syntax/syntax-index.js'
import { escapeRegex, run } from './tool-calls.js'
import { isSpecific } from './symbol-names.js'
import { definitionNode } from './piece-ranking.js'

/** A definition whose uses are searched. */
export interface UsedSymbol {
  name: string
  kind: string
  path: string
  /** Its extent in the head (uses inside it are its own); 0 when removed. */
  start?: number
  end?: number
}

/** One line that uses a symbol. */
interface UseSite {
  path: string
  line: number
  text: string
  /** The definition the use sits in: `function login_access_token`. */
  caller?: string
  /** Whether the file's imports (or its package) reach the definition's file. */
  linked: boolean
}

/** Symbols searched per unit, and uses shown per symbol. */
const MAX_SYMBOLS = 8
const USES_PER_SYMBOL = 6
/** Use searches per review unit, at most (git grep over the whole repository each). */
export const MAX_SEARCHES_PER_UNIT = 12

export interface UseSearch {
  tools: ToolContext
  /** Names searched so far in the unit: each once. */
  searched: Set<string>
  /** The repository's paths, listed once per unit. */
  paths: () => Promise<ReadonlySet<string>>
}

/** Pieces for the uses of `symbols`: callers, tests, and what still uses a removed definition. */
export async function usePieces(
  symbols: readonly UsedSymbol[],
  search: UseSearch,
  how: 'changed' | 'removed'
): Promise<Piece[]> {
  const { tools, searched } = search
  if (!tools.files.canSearch) return []
  const specific = symbols.filter((s) => isSpecific(s) && !searched.has(s.name))
  // A unit's searches are bounded: beyond what its budget can show, a search is only thrown away.
  const room = Math.max(0, MAX_SEARCHES_PER_UNIT - searched.size)
  const pieces: Piece[] = []
  for (const symbol of specific.slice(0, Math.min(MAX_SYMBOLS, room))) {
    searched.add(symbol.name)
    const sites = await useSites(symbol, search)
    const isTest = (site: UseSite): boolean =>
      fileKindOf(site.path).name === 'test'
    const tests = sites.filter(isTest).slice(0, USES_PER_SYMBOL)
    const elsewhere = sites.filter((s) => !isTest(s)).slice(0, USES_PER_SYMBOL)
    if (how === 'removed') elsewhere.push(...tests)
    const about = [
      { node: definitionNode(symbol.path, symbol.name), weight: 1 }
    ]
    if (tests.length > 0 && how === 'changed')
      pieces.push({
        title: `Tests that use ${symbol.kind} ${symbol.name} (from ${symbol.path})`,
        body: tests.map(siteRow).join('\n'),
        priority: 1.5,
        about
      })
    if (elsewhere.length > 0)
      pieces.push({
        title:
          how === 'removed'
            ? `Still used after ${symbol.path} removed it: ${symbol.kind} ${symbol.name}`
            : `Uses of ${symbol.kind} ${symbol.name} (from ${symbol.path}) elsewhere`,
        body: elsewhere.map(siteRow).join('\n'),
        // Who calls a changed function, and what a removal leaves dangling, weigh like what it calls.
        priority: how === 'removed' ? 0.4 : 1,
        about
      })
  }
  return pieces
}

/**
 * Where a route is used: its path at the end of a URL in a string (a
 * client's "/api/TodoItems/UpdateDetail/{id}", a test's
 * f"{API}/users/me/password"), whatever the path parameters are called
 * or written as (`{id}`, `:id`, `<id>`, `${id}`).
 */
export function routePattern(route: string): string {
  const quote = '[\'"`]'
  const parameter = /\{[^}]*\}|:\w+|<[^>]*>/g
  const any = '(?:\\{[^}/]*\\}|\\$\\{[^}]*\\}|:\\w+|<[^>/]*>|[^/\'"`]+)'
  const body = route.split(parameter).map(escapeRegex).join(any)
  // A route written without its leading slash is the end of a longer path.
  const start = route.startsWith('/') ? '' : '[/\'"`]'
  return `${start}${body}(?:${quote}|[/?])`
}

function siteRow(site: UseSite): string {
  const where = site.caller ? ` (in ${site.caller})` : ''
  return `${site.path}:${site.line}${where}: ${site.text.trim()}`
}

/** The lines that use `symbol`, best first: in files that import its file, then the rest. */
async function useSites(
  symbol: UsedSymbol,
  search: UseSearch
): Promise<UseSite[]> {
  const { tools } = search
  const pattern =
    symbol.kind === 'route'
      ? routePattern(symbol.name)
      : `\\b${escapeRegex(symbol.name)}\\b`
  const out = await run(tools, 'Grep', {
    pattern,
    glob: CODE_FILE_GLOB,
    output_mode: 'content',
    '-n': true,
    head_limit: 60
  })
  const rows: Array<{ path: string; line: number; text: string }> = []
  for (const row of out.split(/\r?\n/)) {
    const match = /^([^:]+):(\d+):(.*)$/.exec(row)
    if (!match || isMachineMade(match[1])) continue
    const line = Number(match[2])
    const own = symbol.start ?? 0
    // Lines of the definition itself are not its uses (nor a migration's own statements about its table).
    if (
      match[1] === symbol.path &&
      (symbol.kind === 'table' || (own <= line && line <= (symbol.end ?? 0)))
    )
      continue
    rows.push({ path: match[1], line, text: match[3] })
  }
  const files = [...new Set(rows.map((r) => r.path))]
  const syntaxes = await syntaxOfMany(tools, files)
  const linked = await filesReaching(symbol.path, syntaxes, search)
  const sites: UseSite[] = []
  for (const row of rows) {
    const syntax = syntaxes.get(row.path)
    if (syntax && !usesName(syntax, row, symbol)) continue
    const [caller] = syntax ? definitionsAround(syntax, row.line) : []
    sites.push({
      ...row,
      caller: caller && `${caller.kind} ${caller.name}`,
      linked: row.path === symbol.path || linked.has(row.path)
    })
  }
  // Stable: within each group, Grep's order (by path).
  return [...sites.filter((s) => s.linked), ...sites.filter((s) => !s.linked)]
}

/**
 * A parsed line uses a name when the name is there outside comments and
 * strings and the line does not declare a definition of that name (an
 * interface's method, an override). A route is used as a string.
 */
function usesName(
  syntax: FileSyntax,
  row: { line: number; text: string },
  symbol: UsedSymbol
): boolean {
  if (symbol.kind === 'route') return true
  if (
    syntax.references.some((r) => r.line === row.line && r.name === symbol.name)
  )
    return true
  if (
    syntax.definitions.some(
      (d) => d.nameLine === row.line && d.name === symbol.name
    )
  )
    return false
  return new RegExp(`\\b${escapeRegex(symbol.name)}\\b`).test(
    codeOf(row.text, syntax.grammar)
  )
}

const HASH_COMMENTS = new Set(['python', 'ruby', 'php'])

/** A line without its strings and comments (a line of a block comment is all comment). */
function codeOf(text: string, grammar: string): string {
  if (/^\s*(\*|\/\*|\/\/)/.test(text)) return ''
  const code = text
    .replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""')
    .replace(/\/\/.*$|\/\*.*?(\*\/|$)/g, '')
  return HASH_COMMENTS.has(grammar) ? code.replace(/#.*$/, '') : code
}

/** Which of the parsed files import the definition's file (or share its package). */
async function filesReaching(
  target: string,
  syntaxes: ReadonlyMap<string, FileSyntax>,
  search: UseSearch
): Promise<Set<string>> {
  const reaching = new Set<string>()
  if (syntaxes.size === 0) return reaching
  const view = resolutionView(search.tools, await search.paths())
  for (const [path, syntax] of syntaxes)
    if ((await resolveImports(path, syntax, view)).includes(target))
      reaching.add(path)
  return reaching
}
