import type { Scope } from '../scope-finder.js'
import { MAX_SCOPE_LINES } from '../scope-finder.js'
import { definitionsAround } from './syntax-index.js'
import type { FileSyntax } from './syntax-index.js'

/** Definition kinds read as a function's scope; the rest (class, type, module, impl) as a class's. */
const FUNCTION_KINDS = new Set(['function', 'method'])

/** A line that is only a comment or blank: it does not say which code a change is about. */
const COMMENT_ONLY = /^\s*(\/\/|#|\/\*|\*|--|$)/

/**
 * The line a hunk is about: its first added line with code on it (a
 * comment added above a one-line change does not make the whole class the
 * scope); its first added line when all are comments; else its start.
 */
export function anchorLine(
  rows: ReadonlyArray<{ kind: string; text: string; newLine?: number }>,
  fallback: number
): number {
  const added = rows.filter((row) => row.kind === 'add')
  const code = added.find((row) => !COMMENT_ONLY.test(row.text))
  return (code ?? added[0])?.newLine ?? fallback
}

/**
 * The innermost definition around `line`, whole, as the parser reads it:
 * undefined when the line is in no definition (the regex scope finder
 * then looks for a route handler or a statement) or the definition is
 * too long to show whole.
 */
export function definitionScope(
  syntax: FileSyntax,
  line: number
): Scope | undefined {
  const [innermost] = definitionsAround(syntax, line)
  if (!innermost) return undefined
  if (innermost.end - innermost.start + 1 > MAX_SCOPE_LINES) return undefined
  return {
    start: innermost.start,
    end: innermost.end,
    kind: FUNCTION_KINDS.has(innermost.kind) ? 'function' : 'class',
    name: innermost.name
  }
}
