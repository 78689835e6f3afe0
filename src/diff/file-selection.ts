import { DEFAULT_EXCLUSIONS, GENERATED_MARKERS } from './default-exclusions.js'
import type { DefaultExclusionCategory } from './default-exclusions.js'
import { judgeContent, startFromDiff } from './file-content.js'
import type { FileHeads } from './file-content.js'
import { fileKindOf, FILE_KIND_ORDER } from './file-kinds.js'
import { GitAttributes } from './git-attributes.js'
import { compileGlobs } from '../text/glob.js'
import { blockedPathMatcher, keyMaterialIn } from '../text/secret-paths.js'
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
  /** Key material the change adds, found by its content: where, and what. */
  keyMaterial?: { line: number; what: string }
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
  /** The start of each file at the head, for the generated and minified checks. */
  heads?: FileHeads
  /** The start of each file at the base, by its base path: a marker there is the repository's, not the change's. */
  baseHeads?: FileHeads
  /**
   * A generated marker or a generated-looking path that the change itself
   * brings does not skip the file (set while `fail-on` gates: a pull request
   * must not choose what the gate sees). The base's markers, `.gitattributes`
   * and `exclude` still skip.
   */
  distrustChangeMarkers?: boolean
}

export interface FileSelection {
  reviewable: ChangedFile[]
  skipped: SkippedFile[]
}

/**
 * Splits the PR's files into those to review and those skipped, each
 * skipped file with its reason: no file is dropped silently. Under
 * `maxFiles`, source goes first, then tests, config and docs, and removed
 * files last.
 */
export function selectFiles(
  files: readonly ChangedFile[],
  options: FileSelectionOptions
): FileSelection {
  const matchers: Matchers = {
    blocked: blockedPathMatcher(options.blocked),
    include: compileGlobs(options.include),
    exclude: compileGlobs(options.exclude),
    defaults: compileDefaults(),
    attributes: options.attributes ?? new GitAttributes(),
    heads: options.heads ?? new Map(),
    baseHeads: options.baseHeads,
    distrust: options.distrustChangeMarkers === true
  }
  const candidates: ChangedFile[] = []
  const skipped: SkippedFile[] = []
  for (const file of files) {
    const skip = whySkip(file, options, matchers)
    if (skip) skipped.push({ path: file.path, ...skip })
    else candidates.push(file)
  }
  const ranked = candidates
    .map((file, index) => ({ file, index, kind: keptKindOf(file) }))
    .sort((a, b) => a.kind.rank - b.kind.rank || a.index - b.index)
  const reviewable = ranked.slice(0, options.maxFiles).map((r) => r.file)
  for (const { file, kind } of ranked.slice(options.maxFiles))
    skipped.push({
      path: file.path,
      category: 'max-files',
      reason: `over the max-files limit of ${options.maxFiles} (a ${kind.name} file; files are kept in the order ${FILE_KIND_ORDER})`
    })
  return { reviewable, skipped }
}

/** Key material on a row of the diff (added, removed or context: each would be sent), the first added one first. */
function keyMaterialInDiff(
  file: ChangedFile
): { line: number; what: string; added: boolean } | undefined {
  let shown: { line: number; what: string; added: boolean } | undefined
  for (const hunk of file.hunks)
    for (const row of hunk.lines) {
      const what = keyMaterialIn(row.text)
      if (!what) continue
      if (row.kind === 'add') return { line: row.newLine!, what, added: true }
      shown ??= { line: row.newLine ?? row.oldLine ?? 0, what, added: false }
    }
  return shown
}

/** What a file counts as under max-files: removed files rank after every kind of kept file. */
function keptKindOf(file: ChangedFile): { name: string; rank: number } {
  return file.status === 'removed'
    ? { name: 'removed', rank: Number.POSITIVE_INFINITY }
    : fileKindOf(file.path)
}

interface Matchers {
  blocked: PathMatcher
  include: PathMatcher
  exclude: PathMatcher
  defaults: Array<[DefaultExclusionCategory, PathMatcher]>
  attributes: GitAttributes
  heads: FileHeads
  /** Undefined when the base could not be read: whose marker it is, is unknown. */
  baseHeads?: FileHeads
  distrust: boolean
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
  // Whatever the file is called: a key in its diff is never sent.
  const key = keyMaterialInDiff(file)
  if (key?.added)
    return {
      category: 'secret',
      reason: `line ${key.line} adds ${key.what} (found by its content); not sent`,
      keyMaterial: { line: key.line, what: key.what }
    }
  if (key)
    return {
      category: 'secret',
      reason: `its diff shows ${key.what} (found by its content); not sent`
    }
  if (file.binary)
    return {
      category: 'binary',
      reason: matchers.attributes.hidesDiff(file.path)
        ? 'no text diff: marked -diff (or binary) in .gitattributes'
        : 'binary file'
    }
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
  return markedOrDetected(file, matchers)
}

/**
 * `.gitattributes` decides first, either way; then the path conventions;
 * then the file's own first lines (the head blob's, else the diff's).
 */
function markedOrDetected(
  file: ChangedFile,
  matchers: Matchers
): Omit<SkippedFile, 'path'> | undefined {
  const { path } = file
  const generated = matchers.attributes.linguist(path, 'generated')
  const vendored = matchers.attributes.linguist(path, 'vendored')
  if (generated === true)
    return {
      category: 'generated',
      reason: 'marked linguist-generated in .gitattributes'
    }
  if (vendored === true)
    return {
      category: 'vendored',
      reason: 'marked linguist-vendored in .gitattributes'
    }
  // `-linguist-generated` / `-linguist-vendored`: the team says it is hand-written or its own.
  const exempt = new Set<SkipCategory>([
    ...(generated === false ? (['generated'] as const) : []),
    ...(vendored === false ? (['vendored', 'minified'] as const) : [])
  ])
  for (const [category, match] of matchers.defaults) {
    if (exempt.has(category)) continue
    const pattern = match(path)
    if (pattern === undefined) continue
    // A generated-looking name the change gave the file is the change's word.
    if (
      category === 'generated' &&
      matchers.distrust &&
      namedByChange(file, match)
    )
      continue
    return { category, reason: `${DEFAULT_REASONS[category]} ('${pattern}')` }
  }
  const head = matchers.heads.get(path)
  const start =
    head !== undefined && file.status !== 'removed'
      ? { text: head, from: 'the file at the head' }
      : startFromDiff(file)
  const verdict = start && judgeContent(path, start.text, start.from)
  if (!verdict || exempt.has(verdict.category)) return undefined
  if (verdict.category !== 'generated' || file.status === 'removed')
    return verdict
  return markerOwner(file, verdict, matchers)
}

/** Whether the change gave the file its name (added, or renamed or copied from a name the rule does not match). */
function namedByChange(file: ChangedFile, rule: PathMatcher): boolean {
  if (file.status === 'added') return true
  return (
    file.previousPath !== undefined && rule(file.previousPath) === undefined
  )
}

/**
 * A generated marker skips the file when the base has it too; one that
 * came with the change skips it only while no gate is set, and says so.
 */
function markerOwner(
  file: ChangedFile,
  verdict: Omit<SkippedFile, 'path'>,
  matchers: Matchers
): Omit<SkippedFile, 'path'> | undefined {
  const base =
    file.status === 'added'
      ? undefined
      : matchers.baseHeads?.get(file.previousPath ?? file.path)
  const inBase =
    base !== undefined &&
    judgeContent(file.path, base, 'the base')?.category === 'generated'
  if (inBase)
    return { ...verdict, reason: `${verdict.reason} (the base has it too)` }
  // Unknown counts as the change's own while a gate is set.
  if (matchers.distrust) return undefined
  const known = file.status === 'added' || matchers.baseHeads !== undefined
  return known
    ? {
        ...verdict,
        reason: `${verdict.reason}; the marker came with this change`
      }
    : verdict
}

const DEFAULT_REASONS: Record<DefaultExclusionCategory, string> = {
  lockfile: 'lockfile',
  vendored: 'vendored code',
  minified: 'minified or bundled file',
  generated: 'generated file',
  asset: 'image, font or media asset'
}

let compiledDefaults: Array<[DefaultExclusionCategory, PathMatcher]> | undefined

function compileDefaults(): Array<[DefaultExclusionCategory, PathMatcher]> {
  compiledDefaults ??= (
    Object.keys(DEFAULT_EXCLUSIONS) as DefaultExclusionCategory[]
  ).map((category) => [category, compileGlobs(DEFAULT_EXCLUSIONS[category])])
  return compiledDefaults
}

/**
 * A file no reviewer reads for context: by its path (generated, minified,
 * vendored, a lockfile) or by a generator's marker in its first lines.
 */
export function isMachineMade(path: string, firstLines = ''): boolean {
  const category = compileDefaults().find(([, match]) => match(path))?.[0]
  if (
    category === 'generated' ||
    category === 'minified' ||
    category === 'vendored' ||
    category === 'lockfile'
  )
    return true
  return GENERATED_MARKERS.some(({ pattern }) => pattern.test(firstLines))
}
