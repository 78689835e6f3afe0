import type { Language } from './languages.js'
import { ANNOTATION, HEADERS, ROUTE_ANNOTATION } from './scope-headers.js'
import type { Header } from './scope-headers.js'

/** A block of a file around a changed line: a function, class, route handler or SQL statement. */
export interface Scope {
  /** 1-based, inclusive. */
  start: number
  end: number
  kind: 'function' | 'class' | 'route' | 'statement' | 'window'
  name?: string
  /**
   * A definition too long to show whole: the line ranges shown of it
   * (its signature, the changed region, its end); the rest is elided.
   */
  parts?: Array<{ start: number; end: number }>
}

/** Lines kept around a line when no enclosing scope is found. */
export const WINDOW_LINES = 15
/** A scope longer than this is shown as a window instead. */
export const MAX_SCOPE_LINES = 150

/** A signature may run over this many lines before its body opens. */
const MAX_SIGNATURE_LINES = 15

/**
 * The innermost function, method, route handler or class around `line`
 * (1-based) — an SQL statement for SQL — or a window of lines when none
 * is found or it is too long. A line of decorators or annotations belongs
 * to the declaration below it, and they belong to its scope.
 */
export function enclosingScope(
  lines: readonly string[],
  line: number,
  language: Language | undefined
): Scope {
  const at = language ? declarationBelow(lines, line, language) : line
  const found =
    language === undefined
      ? undefined
      : language === 'sql'
        ? sqlStatement(lines, at)
        : language === 'python'
          ? indentedScope(lines, at, HEADERS.python)
          : language === 'ruby'
            ? rubyScope(lines, at)
            : bracedScope(lines, at, language)
  if (found && found.end - found.start + 1 <= MAX_SCOPE_LINES) return found
  return {
    start: Math.max(1, line - WINDOW_LINES),
    end: Math.min(lines.length, line + WINDOW_LINES),
    kind: 'window'
  }
}

/** From a line of an annotation (also inside its arguments), the first line of the declaration it annotates. */
function declarationBelow(
  lines: readonly string[],
  line: number,
  language: Language
): number {
  const annotation = ANNOTATION[language]
  if (!annotation) return line
  const first = annotationAround(lines, line, annotation)
  if (first === undefined) return line
  let depth = 0
  const last = Math.min(lines.length, first + 4 * MAX_SIGNATURE_LINES)
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1]
    const open = depth > 0
    depth += balance(text)
    if (open || annotation.test(text) || text.trim() === '') continue
    return n
  }
  return line
}

/** The annotation line that `line` is, or whose open arguments it is inside. */
function annotationAround(
  lines: readonly string[],
  line: number,
  annotation: RegExp
): number | undefined {
  if (annotation.test(lines[line - 1] ?? '')) return line
  let depth = 0
  for (let n = line - 1; n >= 1 && n > line - MAX_SIGNATURE_LINES; n--) {
    depth += balance(lines[n - 1])
    if (annotation.test(lines[n - 1])) return depth > 0 ? n : undefined
  }
  return undefined
}

/** Opening minus closing parentheses and brackets, roughly (strings removed). */
function balance(text: string): number {
  let depth = 0
  for (const char of withoutStrings(text))
    if (char === '(' || char === '[') depth++
    else if (char === ')' || char === ']') depth--
  return depth
}

function withoutStrings(text: string): string {
  return text.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""').replace(/\/\/.*$/, '')
}

/** The line at `start` joined with the lines its open parentheses run over: a whole signature. */
function signatureAt(lines: readonly string[], start: number): string {
  let text = lines[start - 1]
  let depth = balance(text)
  for (
    let n = start + 1;
    depth > 0 && n < start + MAX_SIGNATURE_LINES && n <= lines.length;
    n++
  ) {
    text += ` ${lines[n - 1].trim()}`
    depth += balance(lines[n - 1])
  }
  return text
}

function matchHeader(
  text: string,
  headers: Array<[RegExp, Scope['kind']]>
): Header | undefined {
  for (const [pattern, kind] of headers) {
    const match = pattern.exec(text)
    if (match && !/^\s*(if|for|while|switch|catch|return|else)\b/.test(text))
      return { kind, name: match[1] }
  }
  return undefined
}

/**
 * Brace languages: the nearest header above whose braces close at or after
 * the line; the annotations above the header are part of the scope, and a
 * route annotation names it.
 */
function bracedScope(
  lines: readonly string[],
  line: number,
  language: Exclude<Language, 'sql' | 'python' | 'ruby'>
): Scope | undefined {
  for (let start = line; start >= 1; start--) {
    let header = matchHeader(signatureAt(lines, start), HEADERS[language])
    if (!header) continue
    const end = closingBrace(lines, start, header.kind !== 'route')
    if (end === undefined || end < line) continue
    let top = start
    const annotation = ANNOTATION[language]
    while (top > 1 && annotation?.test(lines[top - 2])) {
      top--
      const route = ROUTE_ANNOTATION.exec(lines[top - 1])
      if (route)
        header = {
          kind: 'route',
          name: route.slice(1).find((g) => g !== undefined) || header.name
        }
    }
    return { start: top, end, ...header }
  }
  return undefined
}

/**
 * The line where the first `{` at or after `start` is closed; strings and
 * comments are skipped roughly. A `;` before any `{` is a declaration
 * without a body.
 */
function closingBrace(
  lines: readonly string[],
  start: number,
  bodyOutsideParens: boolean
): number | undefined {
  let depth = 0
  let parens = 0
  let opened = false
  for (let n = start; n <= lines.length; n++) {
    const text = withoutStrings(lines[n - 1])
    for (const char of text) {
      if (char === '(') parens++
      else if (char === ')') parens--
      // A default `= {}` in a signature is not the body.
      else if (!opened && bodyOutsideParens && parens > 0) continue
      else if (char === '{') {
        depth++
        opened = true
      } else if (char === '}') {
        depth--
        if (opened && depth === 0) return n
      }
    }
    if (!opened && (/;\s*$/.test(text) || n > start + MAX_SIGNATURE_LINES))
      return undefined
  }
  return undefined
}

const indent = (text: string): number => text.length - text.trimStart().length

/** Python: a header less indented than the line; the scope ends before the next line at or above its indentation. */
function indentedScope(
  lines: readonly string[],
  line: number,
  headers: Array<[RegExp, Scope['kind']]>
): Scope | undefined {
  const target = lines[line - 1] ?? ''
  let ceiling = target.trim() === '' ? Infinity : indent(target)
  for (let start = line; start >= 1; start--) {
    const text = lines[start - 1]
    if (text.trim() === '') continue
    const level = indent(text)
    if (start !== line && level >= ceiling) continue
    let header = matchHeader(text, headers)
    if (header) {
      let end = start
      // Decorators above a def (also multi-line ones) belong to its scope; a route decorator names it.
      let top = start
      for (
        let n = start - 1;
        n >= 1 && n > start - 4 * MAX_SIGNATURE_LINES;
        n--
      ) {
        const above = lines[n - 1]
        const continues =
          indent(above) > level || /^[)\]]/.test(above.trimStart())
        if (/^\s*@/.test(above) && indent(above) === level) {
          top = n
          const decorator = matchHeader(signatureAt(lines, n), headers)
          if (decorator?.kind === 'route') header = decorator
        } else if (!continues || above.trim() === '') break
      }
      // The body runs while lines are more indented.
      for (let n = start + 1; n <= lines.length; n++) {
        const body = lines[n - 1]
        if (body.trim() === '') continue
        if (indent(body) <= level && !body.trimStart().startsWith(')')) break
        end = n
      }
      if (end >= line) return { start: top, end, ...header }
    }
    // The closing line of a multi-line signature (`) -> T:`) is not a scope boundary.
    if (!/^[)\]}]/.test(text.trimStart())) ceiling = Math.min(ceiling, level)
  }
  return undefined
}

/** Ruby: `def`/`class` closed by the `end` at the same indentation. */
function rubyScope(lines: readonly string[], line: number): Scope | undefined {
  for (let start = line; start >= 1; start--) {
    const header = matchHeader(lines[start - 1], HEADERS.ruby)
    if (!header) continue
    const level = indent(lines[start - 1])
    for (let n = start + 1; n <= lines.length; n++) {
      const text = lines[n - 1]
      if (/^\s*end\b/.test(text) && indent(text) === level) {
        if (n >= line) return { start, end: n, ...header }
        break
      }
    }
  }
  return undefined
}

/** SQL: the statement around the line, from after the previous `;` to the next. */
function sqlStatement(
  lines: readonly string[],
  line: number
): Scope | undefined {
  let start = line
  while (start > 1 && !/;\s*(--.*)?$/.test(lines[start - 2])) start--
  while (start < line && lines[start - 1].trim() === '') start++
  let end = line
  while (end < lines.length && !/;\s*(--.*)?$/.test(lines[end - 1])) end++
  const first = lines[start - 1] ?? ''
  const name =
    /\b(?:TABLE|INDEX|VIEW|FUNCTION)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?([\w."]+)/i.exec(
      first
    )?.[1]
  return { start, end, kind: 'statement', name }
}
