import type { ChangedFile } from '../diff/types.js'
import { languageOf } from './languages.js'
import type { Language } from './languages.js'

/** A name the PR adds or changes that other code may depend on. */
export interface ChangedSymbol {
  name: string
  kind: 'function' | 'class' | 'route' | 'table' | 'column'
  path: string
}

const PATTERNS: Array<[RegExp, ChangedSymbol['kind'], Language[] | 'any']> = [
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
  [/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?(\w+)/i, 'table', 'any'],
  [/\bALTER\s+TABLE\s+["`]?(\w+)/i, 'table', 'any'],
  [/\bADD\s+(?:COLUMN\s+)?["`]?(\w+)["`]?\s+\w/i, 'column', 'any']
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
      if (
        languages !== 'any' &&
        (language === undefined || !languages.includes(language))
      )
        continue
      const name = pattern.exec(text)?.[1]
      if (name && name.length > 2 && !found.some((s) => s.name === name))
        found.push({ name, kind, path })
    }
  }
  return found
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
