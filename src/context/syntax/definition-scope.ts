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
  line: number,
  changed: { first: number; last: number } = { first: line, last: line }
): Scope | undefined {
  const [innermost] = definitionsAround(syntax, line)
  if (!innermost) return undefined
  const scope: Scope = {
    start: innermost.start,
    end: innermost.end,
    kind: FUNCTION_KINDS.has(innermost.kind) ? 'function' : 'class',
    name: innermost.name
  }
  if (innermost.end - innermost.start + 1 <= MAX_SCOPE_LINES) return scope
  return { ...scope, parts: excerpt(innermost, changed) }
}

/** Lines kept around the changed region of a long definition, and of its end. */
const AROUND_CHANGE = 12
const END_LINES = 3

/**
 * A long definition as a reviewer skims it: its signature (from its first
 * line to its name's line, and two more), the changed region with some
 * lines either side, and its last lines; overlapping ranges merged.
 */
function excerpt(
  d: { start: number; end: number; nameLine: number },
  changed: { first: number; last: number }
): Array<{ start: number; end: number }> {
  const ranges = [
    { start: d.start, end: Math.min(d.end, d.nameLine + 2) },
    {
      start: Math.max(d.start, changed.first - AROUND_CHANGE),
      end: Math.min(d.end, changed.last + AROUND_CHANGE)
    },
    { start: Math.max(d.start, d.end - END_LINES + 1), end: d.end }
  ].sort((a, b) => a.start - b.start)
  const merged: Array<{ start: number; end: number }> = []
  for (const range of ranges) {
    const last = merged.at(-1)
    if (last && range.start <= last.end + 1)
      last.end = Math.max(last.end, range.end)
    else merged.push({ ...range })
  }
  return merged
}
