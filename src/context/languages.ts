/** Languages whose scopes and symbols the context gatherer understands. */
export type Language =
  | 'js'
  | 'python'
  | 'go'
  | 'java'
  | 'kotlin'
  | 'csharp'
  | 'rust'
  | 'php'
  | 'ruby'
  | 'sql'

const EXTENSIONS: Record<string, Language> = {
  ts: 'js',
  tsx: 'js',
  mts: 'js',
  cts: 'js',
  js: 'js',
  jsx: 'js',
  mjs: 'js',
  cjs: 'js',
  py: 'python',
  go: 'go',
  java: 'java',
  scala: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  cs: 'csharp',
  rs: 'rust',
  php: 'php',
  rb: 'ruby',
  sql: 'sql'
}

export function languageOf(path: string): Language | undefined {
  return EXTENSIONS[path.slice(path.lastIndexOf('.') + 1).toLowerCase()]
}

/** Extensions of code files: where uses of a symbol are searched (not docs, not data). */
export const CODE_FILE_GLOB = `*.{${[
  ...Object.keys(EXTENSIONS),
  'vue',
  'svelte',
  'swift',
  'c',
  'h',
  'cc',
  'cpp',
  'hpp',
  'm',
  'ex',
  'exs',
  'erl',
  'dart',
  'lua',
  'pl',
  'sh',
  'graphql',
  'gql',
  'proto',
  'prisma'
].join(',')}}`
