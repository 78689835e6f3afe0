/**
 * Which code the context engine reads with a parser: the tree-sitter
 * grammars bundled, by file extension; and code it knows of that has none
 * (read by patterns instead: scopes by braces and indentation, no imports).
 */
export type Grammar =
  | 'typescript'
  | 'tsx'
  | 'javascript'
  | 'python'
  | 'go'
  | 'java'
  | 'kotlin'
  | 'c_sharp'
  | 'rust'
  | 'ruby'
  | 'php'

const GRAMMAR_EXTENSIONS: Readonly<Record<string, Grammar>> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  cs: 'c_sharp',
  rs: 'rust',
  rb: 'ruby',
  php: 'php'
}

/** Code with no bundled grammar, by extension: what the plan says is read by patterns. */
const PATTERN_ONLY: ReadonlySet<string> = new Set(
  'sql scala swift c h cc cpp hpp m ex exs erl dart lua pl sh vue svelte'.split(
    ' '
  )
)

const extensionOf = (path: string): string =>
  path.slice(path.lastIndexOf('.') + 1).toLowerCase()

/** The grammar a file is parsed with, by its extension; undefined when none is bundled. */
export function grammarOf(path: string): Grammar | undefined {
  return GRAMMAR_EXTENSIONS[extensionOf(path)]
}

/** Whether a file is code the context engine reads without a grammar. */
export function readByPatterns(path: string): boolean {
  return PATTERN_ONLY.has(extensionOf(path))
}
