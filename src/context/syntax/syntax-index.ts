import type { Language, Node, Query } from 'web-tree-sitter'
import { grammarOf, parserFor, treeSitter } from './grammars.js'
import { TAG_QUERIES } from './tag-queries.js'
import type { Grammar } from './tag-queries.js'

/** A definition with its whole extent (1-based lines, inclusive). */
export interface Definition {
  name: string
  kind: string
  start: number
  end: number
  /** The line its name is on (the signature), which may follow decorators or comments. */
  nameLine: number
}

export interface Reference {
  name: string
  kind: 'call' | 'type'
  line: number
}

export interface ImportedModule {
  /** As written: `./db.js`, `app.core`, `github.com/x/y`, `App\\Models\\User`. */
  spec: string
  line: number
}

/** What a file defines, refers to and imports, read from its syntax tree. */
export interface FileSyntax {
  grammar: Grammar
  definitions: Definition[]
  references: Reference[]
  imports: ImportedModule[]
}

const queries = new Map<Grammar, Query>()

function queryFor(grammar: Grammar, language: Language): Query {
  let query = queries.get(grammar)
  if (!query) {
    query = new (treeSitter().Query)(language, TAG_QUERIES[grammar])
    queries.set(grammar, query)
  }
  return query
}

/** The file's syntax; undefined when no grammar reads its language. */
export async function readSyntax(
  path: string,
  text: string
): Promise<FileSyntax | undefined> {
  const grammar = grammarOf(path)
  if (!grammar) return undefined
  const { parser, language } = await parserFor(grammar)
  const tree = parser.parse(text)
  parser.delete()
  if (!tree) return undefined
  try {
    return collect(grammar, queryFor(grammar, language), tree.rootNode)
  } finally {
    tree.delete()
  }
}

function collect(grammar: Grammar, query: Query, root: Node): FileSyntax {
  const syntax: FileSyntax = {
    grammar,
    definitions: [],
    references: [],
    imports: []
  }
  const seen = new Set<string>()
  for (const match of query.matches(root)) {
    const name = match.captures.find((c) => c.name === 'name')?.node
    for (const { name: capture, node } of match.captures) {
      if (capture.startsWith('definition.') && name)
        addDefinition(syntax.definitions, {
          // A route's path is a string literal: its quotes are not its name.
          name: name.text.replace(/^["'`]|["'`]$/g, ''),
          kind: capture.slice('definition.'.length),
          start: node.startPosition.row + 1,
          end: node.endPosition.row + 1,
          nameLine: name.startPosition.row + 1
        })
      else if (capture === 'reference.call' && name)
        syntax.references.push({
          name: name.text,
          kind: 'call',
          line: node.startPosition.row + 1
        })
      else if (capture === 'reference.type') {
        const key = `${node.text}:${node.startPosition.row}`
        if (!seen.has(key)) {
          seen.add(key)
          syntax.references.push({
            name: node.text,
            kind: 'type',
            line: node.startPosition.row + 1
          })
        }
      } else if (capture === 'import')
        syntax.imports.push({
          spec: node.text.replace(/^["']|["']$/g, ''),
          line: node.startPosition.row + 1
        })
      else if (capture === 'import.member') {
        // `from app.core import security`: the name may be a module of the package.
        const from = match.captures.find((c) => c.name === 'import.from')!.node
        const dot = from.text.endsWith('.') ? '' : '.'
        syntax.imports.push({
          spec: `${from.text}${dot}${node.text}`,
          line: node.startPosition.row + 1
        })
      }
    }
  }
  return syntax
}

/**
 * A definition once: Python's decorated function matches both as itself
 * and with its decorators; the wider extent (decorators included) is kept.
 */
function addDefinition(all: Definition[], found: Definition): void {
  const same = all.find(
    (d) => d.name === found.name && d.nameLine === found.nameLine
  )
  if (!same) return void all.push(found)
  // A constant whose value is a function is read as both: it is a function.
  const kind = same.kind === 'constant' ? found.kind : same.kind
  if (found.end - found.start > same.end - same.start)
    Object.assign(same, found)
  same.kind = kind
}

/**
 * The definitions around `line`, innermost first; of two with the same
 * extent, the named code (a method) before the route that annotates it.
 */
export function definitionsAround(
  syntax: FileSyntax,
  line: number
): Definition[] {
  const routeLast = (d: Definition): number => (d.kind === 'route' ? 1 : 0)
  return syntax.definitions
    .filter((d) => d.start <= line && line <= d.end)
    .sort(
      (a, b) =>
        a.end - a.start - (b.end - b.start) || routeLast(a) - routeLast(b)
    )
}
