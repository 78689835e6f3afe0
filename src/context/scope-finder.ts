import type { Language } from './languages.js'

/** A block of a file around a changed line: a function, class, route handler or SQL statement. */
export interface Scope {
  /** 1-based, inclusive. */
  start: number
  end: number
  kind: 'function' | 'class' | 'route' | 'statement' | 'window'
  name?: string
}

/** Lines kept around a line when no enclosing scope is found. */
export const WINDOW_LINES = 15
/** A scope longer than this is shown as a window instead. */
export const MAX_SCOPE_LINES = 150

interface Header {
  kind: Scope['kind']
  name?: string
}

/** Declarations that open a scope, per language (tried on one line). */
const HEADERS: Record<
  Exclude<Language, 'sql'>,
  Array<[RegExp, Scope['kind']]>
> = {
  js: [
    [
      /\b(?:app|router|server|api)\s*\.\s*(?:get|post|put|patch|delete|all|use)\s*\(\s*['"`]([^'"`]+)/,
      'route'
    ],
    [/^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+(\w+)/, 'class'],
    [
      /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*(\w+)\s*\(/,
      'function'
    ],
    [
      /^\s*(?:export\s+)?(?:const|let|var)\s+(\w+)\s*=\s*(?:async\s+)?(?:\([^)]*\)|\w+)\s*(?::[^=]+)?=>/,
      'function'
    ],
    [
      /^\s*(?:public\s+|private\s+|protected\s+|static\s+|async\s+|readonly\s+)*(\w+)\s*\([^)]*\)\s*(?::\s*[^{]+)?\{\s*$/,
      'function'
    ]
  ],
  go: [
    [/^func\s+(?:\([^)]*\)\s*)?(\w+)\s*\(/, 'function'],
    [/^type\s+(\w+)\s+(?:struct|interface)\b/, 'class']
  ],
  java: [
    [
      /^\s*(?:public|private|protected|abstract|final|static|\s)*(?:class|interface|enum|record)\s+(\w+)/,
      'class'
    ],
    [
      /^\s*(?:@\w+(?:\([^)]*\))?\s*)*(?:public|private|protected|static|final|synchronized|abstract|\s)+[\w<>[\],.?\s]+\s+(\w+)\s*\([^;]*$/,
      'function'
    ],
    [/^\s*fun\s+(\w+)\s*\(/, 'function']
  ],
  python: [
    [
      /^\s*@(?:app|router|bp|blueprint)\.(?:get|post|put|patch|delete|route)\(\s*['"]([^'"]+)/,
      'route'
    ],
    [/^\s*class\s+(\w+)/, 'class'],
    [/^\s*(?:async\s+)?def\s+(\w+)/, 'function']
  ],
  ruby: [
    [/^\s*(?:class|module)\s+([\w:]+)/, 'class'],
    [/^\s*def\s+(?:self\.)?(\w+[?!=]?)/, 'function']
  ]
}

/**
 * The innermost function, method, route handler or class around `line`
 * (1-based) — an SQL statement for SQL — or a window of lines when none
 * is found or it is too long.
 */
export function enclosingScope(
  lines: readonly string[],
  line: number,
  language: Language | undefined
): Scope {
  const found =
    language === undefined
      ? undefined
      : language === 'sql'
        ? sqlStatement(lines, line)
        : language === 'python'
          ? indentedScope(lines, line, HEADERS.python)
          : language === 'ruby'
            ? rubyScope(lines, line)
            : bracedScope(lines, line, HEADERS[language])
  if (found && found.end - found.start + 1 <= MAX_SCOPE_LINES) return found
  return {
    start: Math.max(1, line - WINDOW_LINES),
    end: Math.min(lines.length, line + WINDOW_LINES),
    kind: 'window'
  }
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

/** Brace languages: the nearest header above whose braces close at or after the line. */
function bracedScope(
  lines: readonly string[],
  line: number,
  headers: Array<[RegExp, Scope['kind']]>
): Scope | undefined {
  for (let start = line; start >= 1; start--) {
    const header = matchHeader(lines[start - 1], headers)
    if (!header) continue
    const end = closingBrace(lines, start)
    if (end !== undefined && end >= line) return { start, end, ...header }
  }
  return undefined
}

/** The line where the first `{` at or after `start` is closed; strings and comments are skipped roughly. */
function closingBrace(
  lines: readonly string[],
  start: number
): number | undefined {
  let depth = 0
  let opened = false
  for (let n = start; n <= lines.length; n++) {
    const text = lines[n - 1]
      .replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""')
      .replace(/\/\/.*$/, '')
    for (const char of text) {
      if (char === '{') {
        depth++
        opened = true
      } else if (char === '}') {
        depth--
        if (opened && depth === 0) return n
      }
    }
    if (!opened && n > start + 3) return undefined
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
      // Decorators above a def belong to its scope; a route decorator names it.
      let top = start
      while (
        top > 1 &&
        /^\s*@/.test(lines[top - 2]) &&
        indent(lines[top - 2]) === level
      ) {
        top--
        const decorator = matchHeader(lines[top - 1], headers)
        if (decorator?.kind === 'route') header = decorator
      }
      // Decorators above a def belong to it; the body runs while lines are more indented.
      for (let n = start + 1; n <= lines.length; n++) {
        const body = lines[n - 1]
        if (body.trim() === '') continue
        if (indent(body) <= level && !body.trimStart().startsWith(')')) break
        end = n
      }
      if (end >= line) return { start: top, end, ...header }
    }
    ceiling = Math.min(ceiling, level)
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
