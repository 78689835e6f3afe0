/** Languages whose scopes and symbols the context gatherer understands. */
export type Language = 'js' | 'python' | 'go' | 'java' | 'ruby' | 'sql'

const EXTENSIONS: Record<string, Language> = {
  ts: 'js',
  tsx: 'js',
  js: 'js',
  jsx: 'js',
  mjs: 'js',
  cjs: 'js',
  py: 'python',
  go: 'go',
  java: 'java',
  kt: 'java',
  rb: 'ruby',
  sql: 'sql'
}

export function languageOf(path: string): Language | undefined {
  return EXTENSIONS[path.slice(path.lastIndexOf('.') + 1).toLowerCase()]
}
