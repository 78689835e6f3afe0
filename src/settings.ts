import * as core from '@actions/core'
import { compileGlobs } from './diff/glob.js'
import { ConfigurationError } from './errors.js'

/** The review areas of the backend-architect agent. */
export const AREA_IDS = [
  'api',
  'database',
  'system',
  'security',
  'performance'
] as const
export type AreaId = (typeof AREA_IDS)[number]

export const DEFAULT_MODEL = 'claude-sonnet-5-5'

/** Everything the action and the CLI are told, parsed and validated once. */
export interface ReviewSettings {
  /** Token for the GitHub REST API (`github-token`); empty in the CLI. */
  githubToken: string
  /** The PR to review when the event carries none (`pr-number`). */
  prNumber?: number
  /** Review only files matching one of these globs (`include`; empty: all). */
  include: string[]
  /** Never review files matching these globs (`exclude`). */
  exclude: string[]
  /** Review at most this many files; the rest are listed as skipped (`max-files`). */
  maxFiles: number
  /** Estimated diff tokens per review unit (`max-diff-tokens`). */
  maxDiffTokens: number
  /** Review draft PRs too (`review-drafts`). */
  reviewDrafts: boolean
  /** Plan and review, but write nothing to GitHub (`dry-run`). */
  dryRun: boolean
  /** The areas each unit is reviewed for (`areas`). */
  areas: AreaId[]
  /** The Claude model id (`model`). */
  model: string
}

/** Reads one input by its action.yml name; '' when unset. */
export type InputReader = (name: string) => string

const DEFAULTS = {
  maxFiles: 300,
  maxDiffTokens: 40_000
}

/** GitHub lists at most 3,000 files of a pull request. */
const MAX_FILES_LIMIT = 3_000

/**
 * Turns inputs into settings. The action passes `core.getInput`; the CLI
 * passes its flags under the same names, so both fail the same way.
 */
export function readSettings(read: InputReader = actionInput): ReviewSettings {
  const settings: ReviewSettings = {
    githubToken: read('github-token').trim(),
    prNumber: optionalPositiveInteger(read, 'pr-number', '123'),
    include: globList(read, 'include'),
    exclude: globList(read, 'exclude'),
    maxFiles: positiveInteger(
      read,
      'max-files',
      DEFAULTS.maxFiles,
      MAX_FILES_LIMIT
    ),
    maxDiffTokens: positiveInteger(
      read,
      'max-diff-tokens',
      DEFAULTS.maxDiffTokens
    ),
    reviewDrafts: booleanInput(read, 'review-drafts', false),
    dryRun: booleanInput(read, 'dry-run', false),
    areas: areaList(read),
    model: read('model').trim() || DEFAULT_MODEL
  }
  if (settings.maxDiffTokens < 1_000) {
    throw new ConfigurationError(
      `Input 'max-diff-tokens' is ${settings.maxDiffTokens}, too small to hold a file's diff. Use at least 1000 (default ${DEFAULTS.maxDiffTokens}).`
    )
  }
  return settings
}

function actionInput(name: string): string {
  return core.getInput(name)
}

function positiveInteger(
  read: InputReader,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER
): number {
  return optionalPositiveInteger(read, name, String(fallback), max) ?? fallback
}

function optionalPositiveInteger(
  read: InputReader,
  name: string,
  example: string,
  max = Number.MAX_SAFE_INTEGER
): number | undefined {
  const raw = read(name).trim()
  if (raw === '') return undefined
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new ConfigurationError(
      `Input '${name}' must be a positive whole number, got '${raw}'. Example: ${name}: ${example}`
    )
  }
  const value = Number(raw)
  if (value > max) {
    throw new ConfigurationError(
      `Input '${name}' is ${value}; the largest accepted value is ${max}.`
    )
  }
  return value
}

// YAML 1.2 core-schema booleans, as core.getBooleanInput accepts them.
const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']

function booleanInput(
  read: InputReader,
  name: string,
  fallback: boolean
): boolean {
  const raw = read(name).trim()
  if (raw === '') return fallback
  if (TRUE_VALUES.includes(raw)) return true
  if (FALSE_VALUES.includes(raw)) return false
  throw new ConfigurationError(
    `Input '${name}' must be true or false, got '${raw}'.`
  )
}

function globList(read: InputReader, name: string): string[] {
  const patterns = splitList(read(name))
  for (const pattern of patterns) {
    try {
      compileGlobs([pattern])
    } catch (error) {
      throw new ConfigurationError(
        `Input '${name}' has a malformed glob '${pattern}': ${(error as Error).message}. Check its brackets and braces, e.g. 'src/**/*.{ts,js}'.`
      )
    }
  }
  return patterns
}

function areaList(read: InputReader): AreaId[] {
  const names = splitList(read('areas'))
  if (names.length === 0) return [...AREA_IDS]
  const areas: AreaId[] = []
  for (const name of names) {
    const id = name.toLowerCase()
    if (!(AREA_IDS as readonly string[]).includes(id)) {
      throw new ConfigurationError(
        `Input 'areas' has an unknown area '${name}'. Accepted: ${AREA_IDS.join(', ')}.`
      )
    }
    if (!areas.includes(id as AreaId)) areas.push(id as AreaId)
  }
  return areas
}

/**
 * Splits a newline- or comma-separated list. Commas inside braces belong to
 * the glob (`*.{ts,js}`), not to the list.
 */
export function splitList(text: string): string[] {
  const items: string[] = []
  let current = ''
  let depth = 0
  for (const char of text) {
    if (char === '{') depth++
    else if (char === '}') depth = Math.max(0, depth - 1)
    if (char === '\n' || (char === ',' && depth === 0)) {
      items.push(current)
      current = ''
    } else {
      current += char
    }
  }
  items.push(current)
  return items
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'))
}
