import type { ChangedFile } from '../diff/types.js'
import { languageOf } from './languages.js'
import type { Language } from './languages.js'

/** A name the PR adds or changes that other code may depend on. */
export interface ChangedSymbol {
  name: string
  kind: 'function' | 'class' | 'constant' | 'route' | 'table' | 'column'
  path: string
}

/** Where a pattern applies: some languages, any file, or code files only (not SQL, not prose). */
type Applies = Language[] | 'any' | 'code'

const PATTERNS: Array<[RegExp, ChangedSymbol['kind'], Applies]> = [
  [
    /\bexport\s+(?:default\s+)?(?:async\s+)?function\s*\*?\s*(\w+)/,
    'function',
    ['js']
  ],
  [/\bexport\s+(?:const|let)\s+(\w+)\s*=/, 'function', ['js']],
  [/\bexport\s+(?:default\s+)?(?:abstract\s+)?class\s+(\w+)/, 'class', ['js']],
  [/^\s*(?:async\s+)?def\s+([A-Za-z]\w*)/, 'function', ['python', 'ruby']],
  [/^\s*class\s+([A-Z]\w*)/, 'class', ['python', 'ruby', 'java']],
  [/^func\s+(?:\([^)]*\)\s*)?([A-Z]\w*)\s*\(/, 'function', ['go']],
  [/^type\s+([A-Z]\w*)\s+struct/, 'class', ['go']],
  [
    /^\s*public\s+(?:static\s+)?[\w<>[\],\s]+\s+(\w+)\s*\(/,
    'function',
    ['java']
  ],
  [
    /\b(?:app|router|api)\s*\.\s*(?:get|post|put|patch|delete)\s*\(\s*['"`]([^'"`]+)/,
    'route',
    'any'
  ],
  [
    /@(?:app|router)\.(?:get|post|put|patch|delete|route)\(\s*['"]([^'"]+)/,
    'route',
    ['python']
  ],
  // Case-sensitive keywords outside SQL files: 'Add this as a parameter' is prose, not DDL.
  [/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?(\w+)/i, 'table', ['sql']],
  [/\bALTER\s+TABLE\s+["`]?(\w+)/i, 'table', ['sql']],
  [/\bADD\s+(?:COLUMN\s+)?["`]?(\w+)["`]?\s+\w/i, 'column', ['sql']],
  [/\bCREATE TABLE\s+(?:IF NOT EXISTS\s+)?["`]?(\w+)/, 'table', 'code'],
  [/\bALTER TABLE\s+["`]?(\w+)/, 'table', 'code'],
  [/\bADD COLUMN\s+["`]?(\w+)["`]?\s+\w/, 'column', 'code'],
  // CommonJS: module.exports = { a, b: c } and exports.name = …
  [/\bmodule\.exports\s*=\s*\{\s*(\w+)/, 'function', ['js']],
  [/^\s*exports\.(\w+)\s*=/, 'function', ['js']]
]

/** Symbols declared on the PR's added lines. */
export function changedSymbols(
  path: string,
  language: Language | undefined,
  addedLines: readonly string[]
): ChangedSymbol[] {
  const found: ChangedSymbol[] = []
  for (const text of addedLines) {
    for (const [pattern, kind, languages] of PATTERNS) {
      if (!applies(languages, language)) continue
      const name = pattern.exec(text)?.[1]
      if (name && name.length > 2 && !found.some((s) => s.name === name))
        found.push({ name, kind, path })
    }
  }
  return found
}

function applies(where: Applies, language: Language | undefined): boolean {
  if (where === 'any') return true
  if (where === 'code') return language !== undefined && language !== 'sql'
  return language !== undefined && where.includes(language)
}

/** Symbols a removed file declared (its deleted rows), which other code may still use. */
export function removedSymbols(file: ChangedFile): ChangedSymbol[] {
  const deleted = file.hunks.flatMap((hunk) =>
    hunk.lines.filter((row) => row.kind === 'del').map((row) => row.text)
  )
  return changedSymbols(file.path, languageOf(file.path), deleted).filter(
    (symbol) => symbol.kind !== 'column'
  )
}
