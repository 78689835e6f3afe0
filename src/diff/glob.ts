import picomatch from 'picomatch'

/** A compiled path pattern. */
export type PathMatcher = (path: string) => boolean

const GLOB_OPTIONS: picomatch.PicomatchOptions = {
  dot: true,
  // A pattern without a slash names a file at any depth, as in .gitignore.
  basename: true,
  // Unbalanced brackets, braces or parens are a mistake, not a literal.
  strictBrackets: true
}

/**
 * Compiles globs; throws when a pattern is malformed. `!` negation is not
 * supported in lists: use the other list (include vs exclude) instead.
 */
export function compileGlobs(patterns: readonly string[]): PathMatcher {
  if (patterns.length === 0) return () => false
  const matchers = patterns.map((pattern) => picomatch(pattern, GLOB_OPTIONS))
  return (path) => matchers.some((match) => match(path))
}

/** The first of `patterns` that matches `path`, if any. */
export function firstMatch(
  patterns: readonly string[],
  path: string
): string | undefined {
  return patterns.find((pattern) =>
    picomatch.isMatch(path, pattern, GLOB_OPTIONS)
  )
}
