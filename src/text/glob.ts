import picomatch from 'picomatch'

/** A compiled list of globs: the first pattern that matches a path, if any. */
export type PathMatcher = (path: string) => string | undefined

const GLOB_OPTIONS: picomatch.PicomatchOptions = {
  dot: true,
  // Unbalanced brackets, braces or parens are a mistake, not a literal.
  strictBrackets: true
}

/**
 * A pattern without a slash names a file at any depth, as in .gitignore.
 * (picomatch's own `basename` option breaks patterns that do have slashes.)
 */
export function anchorPattern(pattern: string): string {
  const body = pattern.replace(/^\//, '')
  return pattern.includes('/') ? body : `**/${body}`
}

/**
 * Compiles globs; throws when a pattern is malformed. `!` negation is not
 * supported in lists: use the other list (include vs exclude) instead.
 */
export function compileGlobs(
  patterns: readonly string[],
  options: { nocase?: boolean } = {}
): PathMatcher {
  const settings = { ...GLOB_OPTIONS, ...options }
  const matchers = patterns.map(
    (pattern) =>
      [pattern, picomatch.makeRe(anchorPattern(pattern), settings)] as const
  )
  if (matchers.length === 0) return () => undefined
  // One pass over the path answers "none" (the usual answer) for the whole list.
  const any = new RegExp(
    matchers.map(([, re]) => `(?:${re.source})`).join('|'),
    options.nocase ? 'i' : ''
  )
  return (path) =>
    any.test(path) ? matchers.find(([, re]) => re.test(path))?.[0] : undefined
}
