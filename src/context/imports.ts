import type { Language } from './languages.js'

/**
 * Repository files a changed file imports by a relative path (what a
 * reviewer opens first: the module a route queries the database through).
 * Package imports are left out: they are not in the repository.
 */
export function importedPaths(
  path: string,
  language: Language | undefined,
  source: string
): string[] {
  const specifiers =
    language === 'js'
      ? jsImports(source)
      : language === 'python'
        ? pythonImports(source)
        : []
  const folder = path.slice(0, path.lastIndexOf('/') + 1)
  const paths = new Set<string>()
  for (const specifier of specifiers) {
    const resolved = resolveRelative(folder, specifier)
    if (resolved !== undefined) paths.add(resolved)
  }
  return [...paths]
}

/** Extensions a JS/TS import path may leave out, in the order a resolver tries them. */
export const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx']

/**
 * Candidate file names for an import path without (or with a JS)
 * extension, in the order a resolver tries them; Python modules too unless
 * `jsOnly`.
 */
export function candidateFiles(importPath: string, jsOnly = false): string[] {
  const bare = importPath.replace(/\.(m|c)?js$/, '')
  const extensions = jsOnly ? JS_EXTENSIONS : [...JS_EXTENSIONS, '.py']
  return [
    importPath,
    ...extensions.map((ext) => `${bare}${ext}`),
    ...extensions.map((ext) => `${bare}/index${ext}`),
    ...(jsOnly ? [] : [`${bare}/__init__.py`])
  ]
}

function jsImports(source: string): string[] {
  const found: string[] = []
  const pattern =
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|\brequire\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g
  for (const match of source.matchAll(pattern))
    found.push(match[1] ?? match[2] ?? match[3])
  return found
}

/** `from .db import pool` / `from ..models.user import User`, as paths. */
function pythonImports(source: string): string[] {
  const found: string[] = []
  for (const match of source.matchAll(
    /^\s*from\s+(\.+)([\w.]*)\s+import\b/gm
  )) {
    const ups = match[1].length - 1
    const module = match[2].replace(/\./g, '/')
    found.push(`${ups === 0 ? './' : '../'.repeat(ups)}${module}`)
  }
  return found
}

function resolveRelative(
  folder: string,
  specifier: string
): string | undefined {
  const parts = folder.split('/').filter(Boolean)
  for (const part of specifier.split('/')) {
    if (part === '.' || part === '') continue
    if (part === '..') {
      if (parts.length === 0) return undefined
      parts.pop()
    } else parts.push(part)
  }
  return parts.join('/')
}
