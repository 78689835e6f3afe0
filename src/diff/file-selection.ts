import { DEFAULT_EXCLUSIONS, GENERATED_HEADER } from './default-exclusions.js'
import type { DefaultExclusionCategory } from './default-exclusions.js'
import { GitAttributes } from './git-attributes.js'
import { compileGlobs } from '../text/glob.js'
import { blockedPathMatcher } from '../text/secret-paths.js'
import type { PathMatcher } from '../text/glob.js'
import type { ChangedFile } from './types.js'

/** Why a file of the pull request is not reviewed. */
export type SkipCategory =
  /** May hold secrets: its diff is never sent to the model. */
  | 'secret'
  | 'binary'
  | 'patch-missing'
  | 'no-content-change'
  | 'excluded'
  | 'not-included'
  | DefaultExclusionCategory
  | 'max-files'

/** A file left out of the review, with the reason shown to the user. */
export interface SkippedFile {
  path: string
  category: SkipCategory
  reason: string
}

export interface FileSelectionOptions {
  /** Review only paths matching one of these globs (empty: all). */
  include: readonly string[]
  /** Never review paths matching these globs. */
  exclude: readonly string[]
  /** Review at most this many files; the rest are skipped with a reason. */
  maxFiles: number
  /** The repository's `.gitattributes`, when a checkout is present. */
  attributes?: GitAttributes
  /** Globs of files that may hold secrets, added to the defaults (`blocked-paths`). */
  blocked?: readonly string[]
}

export interface FileSelection {
  reviewable: ChangedFile[]
  skipped: SkippedFile[]
}

/**
 * Splits the PR's files into those to review and those skipped, each
 * skipped file with its reason: no file is dropped silently.
 */
export function selectFiles(
  files: readonly ChangedFile[],
  options: FileSelectionOptions
): FileSelection {
  const include = compileGlobs(options.include)
  const exclude = compileGlobs(options.exclude)
  const defaults = compileDefaults()
  const blocked = blockedPathMatcher(options.blocked)
  const attributes = options.attributes ?? new GitAttributes()
  const reviewable: ChangedFile[] = []
  const skipped: SkippedFile[] = []

  for (const file of files) {
    const skip = whySkip(file, options, {
      blocked,
      include,
      exclude,
      defaults,
      attributes
    })
    if (skip) {
      skipped.push({ path: file.path, ...skip })
    } else if (reviewable.length >= options.maxFiles) {
      skipped.push({
        path: file.path,
        category: 'max-files',
        reason: `over the max-files limit of ${options.maxFiles}`
      })
    } else {
      reviewable.push(file)
    }
  }
  return { reviewable, skipped }
}

interface Matchers {
  blocked: PathMatcher
  include: PathMatcher
  exclude: PathMatcher
  defaults: Array<[DefaultExclusionCategory, PathMatcher]>
  attributes: GitAttributes
}

function whySkip(
  file: ChangedFile,
  options: FileSelectionOptions,
  matchers: Matchers
): Omit<SkippedFile, 'path'> | undefined {
  const { path } = file
  // First, and by either name of a rename: no other rule may let it through.
  const secret =
    matchers.blocked(path) ??
    (file.previousPath === undefined
      ? undefined
      : matchers.blocked(file.previousPath))
  if (secret !== undefined)
    return {
      category: 'secret',
      reason: `may hold secrets (matches '${secret}'); not sent`
    }
  if (file.binary) return { category: 'binary', reason: 'binary file' }
  if (file.patchMissing) {
    return {
      category: 'patch-missing',
      reason: 'GitHub sent no patch for this file (diff too large)'
    }
  }
  if (file.hunks.length === 0) {
    const what =
      file.status === 'renamed'
        ? 'renamed'
        : file.status === 'copied'
          ? 'copied'
          : 'mode or metadata changed'
    return {
      category: 'no-content-change',
      reason: `${what}, no content change`
    }
  }
  const excludedBy = matchers.exclude(path)
  if (excludedBy !== undefined) {
    return {
      category: 'excluded',
      reason: `matches exclude pattern '${excludedBy}'`
    }
  }
  if (options.include.length > 0 && matchers.include(path) === undefined) {
    return { category: 'not-included', reason: 'matches no include pattern' }
  }
  if (matchers.attributes.isGenerated(path)) {
    return {
      category: 'generated',
      reason: 'marked linguist-generated in .gitattributes'
    }
  }
  if (matchers.attributes.isVendored(path)) {
    return {
      category: 'vendored',
      reason: 'marked linguist-vendored in .gitattributes'
    }
  }
  for (const [category, match] of matchers.defaults) {
    const pattern = match(path)
    if (pattern !== undefined) {
      return { category, reason: `${DEFAULT_REASONS[category]} ('${pattern}')` }
    }
  }
  if (hasGeneratedHeader(file)) {
    return { category: 'generated', reason: 'carries a generated-code header' }
  }
  return undefined
}

const DEFAULT_REASONS: Record<DefaultExclusionCategory, string> = {
  lockfile: 'lockfile',
  vendored: 'vendored code',
  minified: 'minified or bundled file',
  generated: 'generated file'
}

let compiledDefaults: Array<[DefaultExclusionCategory, PathMatcher]> | undefined

function compileDefaults(): Array<[DefaultExclusionCategory, PathMatcher]> {
  compiledDefaults ??= (
    Object.keys(DEFAULT_EXCLUSIONS) as DefaultExclusionCategory[]
  ).map((category) => [category, compileGlobs(DEFAULT_EXCLUSIONS[category])])
  return compiledDefaults
}

/** Generated files announce themselves in their first lines. */
function hasGeneratedHeader(file: ChangedFile): boolean {
  const first = file.hunks[0]
  if (!first || first.newStart > 1) return false
  return first.lines
    .slice(0, 5)
    .some((row) => row.kind !== 'del' && GENERATED_HEADER.test(row.text))
}
