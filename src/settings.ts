import * as core from '@actions/core'
import { SEVERITIES } from './vocabulary/severity.js'
import type { Severity } from './vocabulary/severity.js'
import { compileGlobs } from './text/glob.js'
import { ConfigurationError } from './errors.js'

/** Where Claude is reached. */
export const PROVIDERS = ['anthropic', 'bedrock', 'vertex'] as const
export type Provider = (typeof PROVIDERS)[number]

export const DEFAULT_MODEL = 'claude-sonnet-5-5'

/** Values of `effort` (output_config.effort). */
export const EFFORT_LEVELS = ['low', 'medium', 'high', 'xhigh', 'max'] as const
export type Effort = (typeof EFFORT_LEVELS)[number]

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
  /** Area ids to review (`areas`); empty: all of the agent's areas. */
  areas: string[]
  /** The Claude model id (`model`); undefined: the agent's model, else DEFAULT_MODEL. */
  model?: string
  /** The reviewer: a bundled agent's name or a path in the repository (`agent`). */
  agent: string
  /** Team guidance appended to the review protocol (`instructions`). */
  instructions: string
  /** Where Claude is reached (`provider`): anthropic, bedrock or vertex. */
  provider: Provider
  /** Bedrock region (`aws-region`; else AWS_REGION). */
  awsRegion?: string
  /** Vertex region (`vertex-region`; else CLOUD_ML_REGION). */
  vertexRegion?: string
  /** Vertex project (`vertex-project-id`; else ANTHROPIC_VERTEX_PROJECT_ID). */
  vertexProjectId?: string
  /** Anthropic API key (`anthropic-api-key`, else ANTHROPIC_API_KEY); '' when absent. */
  anthropicApiKey: string
  /**
   * Seals the run state in the summary comment (`state-secret`; else the
   * Anthropic API key). Without either, no earlier state is trusted and
   * every run reviews the whole pull request.
   */
  stateSecret: string
  /** Messages API root (`anthropic-base-url`, else ANTHROPIC_BASE_URL). */
  anthropicBaseUrl?: string
  /** output_config.effort (`effort`); undefined: the model's default. */
  effort?: Effort
  /** Model turns per area pass (`max-turns`). */
  maxTurns: number
  /** Area passes running at once (`concurrency`). */
  concurrency: number
  /** Minutes the step may take, for jobs with `timeout-minutes` (`time-budget`); undefined: no limit. */
  timeBudgetMinutes?: number
  /** Severities whose findings a second call verifies (`verify`; empty: none). */
  verify: Severity[]
  /** The model that verifies findings (`verify-model`). */
  verifyModel: string
  /** Tokens of context gathered per unit before the passes; 0 turns it off (`max-context-tokens`). */
  maxContextTokens: number
  /** Globs of files the tools never show, added to the defaults (`blocked-paths`). */
  blockedPaths: string[]
  /** Findings below this severity stay in the outputs only (`min-severity`). */
  minSeverity: Severity
  /** Findings below this confidence stay in the outputs only (`min-confidence`). */
  minConfidence: number
  /** Inline comments per run at most; the rest go to the summary (`max-comments`). */
  maxComments: number
  /** Review again only the units touched since the last reviewed head (`incremental`). */
  incremental: boolean
  /** Fail the step when a finding is at or above this severity (`fail-on`). */
  failOn: Severity | 'none'
}

/** Reads one input by its action.yml name; '' when unset. */
export type InputReader = (name: string) => string

const DEFAULTS = {
  maxFiles: 300,
  maxDiffTokens: 40_000,
  maxTurns: 8,
  concurrency: 5,
  minConfidence: 0.5,
  maxContextTokens: 12_000,
  maxComments: 25
}

/** GitHub lists at most 3,000 files of a pull request. */
const MAX_FILES_LIMIT = 3_000

/**
 * Turns inputs into settings. The action passes `core.getInput`; the CLI
 * passes its flags under the same names, so both fail the same way.
 * `env` supplies the Anthropic variables when the inputs leave them empty.
 */
export function readSettings(
  read: InputReader = actionInput,
  env: NodeJS.ProcessEnv = process.env
): ReviewSettings {
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
    model: read('model').trim() || undefined,
    agent: read('agent').trim(),
    instructions: read('instructions').trim(),
    provider: providerInput(read),
    awsRegion: read('aws-region').trim() || undefined,
    vertexRegion: read('vertex-region').trim() || undefined,
    vertexProjectId: read('vertex-project-id').trim() || undefined,
    anthropicApiKey:
      read('anthropic-api-key').trim() || env.ANTHROPIC_API_KEY?.trim() || '',
    stateSecret: read('state-secret').trim(),
    anthropicBaseUrl: baseUrl(
      read('anthropic-base-url').trim() || env.ANTHROPIC_BASE_URL?.trim()
    ),
    effort: effortInput(read),
    maxTurns: positiveInteger(read, 'max-turns', DEFAULTS.maxTurns, 50),
    concurrency: positiveInteger(read, 'concurrency', DEFAULTS.concurrency, 20),
    timeBudgetMinutes: positiveNumber(read, 'time-budget'),
    verify: verifyInput(read),
    verifyModel: read('verify-model').trim() || 'claude-haiku-5-5',
    maxContextTokens: nonNegativeInteger(
      read,
      'max-context-tokens',
      DEFAULTS.maxContextTokens
    ),
    blockedPaths: globList(read, 'blocked-paths'),
    minSeverity: severityInput(read, 'min-severity', 'info') as Severity,
    minConfidence: fraction(read, 'min-confidence', DEFAULTS.minConfidence),
    maxComments: nonNegativeInteger(read, 'max-comments', DEFAULTS.maxComments),
    incremental: booleanInput(read, 'incremental', true),
    failOn: severityInput(read, 'fail-on', 'none', true)
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
        `Input '${name}' has a malformed glob '${pattern}': ${(error as Error).message}. Check its brackets and braces, e.g. 'src/**/*.{ts,js}'.`,
        { cause: error }
      )
    }
  }
  return patterns
}

/** Area ids, lower-cased and deduplicated; the agent decides which exist. */
function areaList(read: InputReader): string[] {
  const areas: string[] = []
  for (const name of splitList(read('areas'))) {
    const id = name.toLowerCase()
    if (!/^[a-z][a-z0-9-]*$/.test(id)) {
      throw new ConfigurationError(
        `Input 'areas' has a malformed area '${name}'. Give area ids separated by commas, e.g. 'security, database'.`
      )
    }
    if (!areas.includes(id)) areas.push(id)
  }
  return areas
}

function severityInput(
  read: InputReader,
  name: string,
  fallback: string,
  allowNone = false
): Severity | 'none' {
  const raw = read(name).trim().toLowerCase()
  if (raw === '') return fallback as Severity | 'none'
  const accepted: string[] = allowNone
    ? ['none', ...SEVERITIES]
    : [...SEVERITIES]
  if (!accepted.includes(raw)) {
    throw new ConfigurationError(
      `Input '${name}' must be one of ${accepted.join(', ')}, got '${raw}'.`
    )
  }
  return raw as Severity | 'none'
}

function fraction(read: InputReader, name: string, fallback: number): number {
  const raw = read(name).trim()
  if (raw === '') return fallback
  const value = Number(raw)
  if (!/^\d*\.?\d+$/.test(raw) || value > 1) {
    throw new ConfigurationError(
      `Input '${name}' must be a number from 0 to 1, got '${raw}'. Example: ${name}: ${fallback}`
    )
  }
  return value
}

function verifyInput(read: InputReader): Severity[] {
  const raw = read('verify').trim().toLowerCase()
  if (raw === '') return ['critical', 'high']
  if (raw === 'none' || raw === 'false') return []
  const chosen: Severity[] = []
  for (const item of splitList(raw)) {
    if (!(SEVERITIES as readonly string[]).includes(item)) {
      throw new ConfigurationError(
        `Input 'verify' must be 'none' or severities from ${SEVERITIES.join(', ')}, got '${item}'. Example: verify: critical, high`
      )
    }
    if (!chosen.includes(item as Severity)) chosen.push(item as Severity)
  }
  return chosen
}

function positiveNumber(read: InputReader, name: string): number | undefined {
  const raw = read(name).trim()
  if (raw === '') return undefined
  if (!/^\d*\.?\d+$/.test(raw) || Number(raw) <= 0) {
    throw new ConfigurationError(
      `Input '${name}' must be a positive number of minutes, got '${raw}'. Example: ${name}: 15`
    )
  }
  return Number(raw)
}

function nonNegativeInteger(
  read: InputReader,
  name: string,
  fallback: number
): number {
  const raw = read(name).trim()
  if (raw === '') return fallback
  if (!/^\d+$/.test(raw)) {
    throw new ConfigurationError(
      `Input '${name}' must be a whole number (0 or more), got '${raw}'. Example: ${name}: ${fallback}`
    )
  }
  return Number(raw)
}

function providerInput(read: InputReader): Provider {
  const raw = read('provider').trim().toLowerCase()
  if (raw === '') return 'anthropic'
  if (!(PROVIDERS as readonly string[]).includes(raw)) {
    throw new ConfigurationError(
      `Input 'provider' must be one of ${PROVIDERS.join(', ')}, got '${raw}'.`
    )
  }
  return raw as Provider
}

function effortInput(read: InputReader): Effort | undefined {
  const raw = read('effort').trim().toLowerCase()
  if (raw === '') return undefined
  if (!(EFFORT_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigurationError(
      `Input 'effort' must be one of ${EFFORT_LEVELS.join(', ')}, got '${raw}'.`
    )
  }
  return raw as Effort
}

function baseUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  try {
    const url = new URL(raw)
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error('not http(s)')
  } catch {
    throw new ConfigurationError(
      `Input 'anthropic-base-url' (or ANTHROPIC_BASE_URL) must be an http(s) URL, got '${raw}'.`
    )
  }
  return raw.replace(/\/+$/, '')
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
