/**
 * Reading one input: the value parsers of settings.ts, each failing with the
 * input's name (or the CLI flag's) and an example of a good value.
 */
import { SEVERITIES } from './vocabulary/severity.js'
import type { Severity } from './vocabulary/severity.js'
import { compileGlobs } from './text/glob.js'
import { ConfigurationError } from './errors.js'
import {
  DEFAULT_COMMAND,
  EFFORT_LEVELS,
  MAX_SHARDS,
  PROVIDERS
} from './settings.js'
import type {
  Effort,
  InputReader,
  Provider,
  ReviewSettings,
  SettingNames
} from './settings.js'

/** Reads inputs and fails naming them as the front end does. */
export class Inputs {
  constructor(
    private readonly reader: InputReader,
    private readonly names: SettingNames
  ) {}

  read(input: string): string {
    return this.reader(input)
  }

  /** How to give `input` this value, in the front end's terms. */
  example(input: string, value: string): string {
    return this.names.example(input, value)
  }

  /** A ConfigurationError: `<label> <problem>. Example: <example>`. */
  fail(
    input: string,
    problem: string,
    example?: string,
    cause?: unknown
  ): never {
    const hint =
      example === undefined
        ? ''
        : ` Example: ${this.names.example(input, example)}`
    throw new ConfigurationError(
      `${this.names.label(input)} ${problem}.${hint}`,
      cause === undefined ? undefined : { cause }
    )
  }
}

export function positiveInteger(
  inputs: Inputs,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER
): number {
  return (
    optionalPositiveInteger(inputs, name, String(fallback), max) ?? fallback
  )
}

export function optionalPositiveInteger(
  inputs: Inputs,
  name: string,
  example: string,
  max = Number.MAX_SAFE_INTEGER
): number | undefined {
  const raw = inputs.read(name).trim()
  if (raw === '') return undefined
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    inputs.fail(name, `must be a positive whole number, got '${raw}'`, example)
  }
  const value = Number(raw)
  if (value > max) {
    inputs.fail(name, `is ${value}; the largest accepted value is ${max}`)
  }
  return value
}

// YAML 1.2 core-schema booleans, as core.getBooleanInput accepts them.
const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']

export function shardSettings(
  inputs: Inputs
): Pick<ReviewSettings, 'shard' | 'passesPerShard' | 'mergeFrom'> {
  const shard = shardInput(inputs)
  const mergeFrom = inputs.read('merge-from').trim() || undefined
  if (shard && mergeFrom)
    inputs.fail(
      'merge-from',
      "cannot be combined with 'shard': a shard runs passes, the merge run publishes them",
      'shard-files/'
    )
  return {
    shard,
    passesPerShard: positiveInteger(inputs, 'passes-per-shard', 25),
    mergeFrom
  }
}

function shardInput(
  inputs: Inputs
): { index: number; total: number } | undefined {
  const raw = inputs.read('shard').trim()
  if (raw === '') return undefined
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(raw)
  const index = Number(match?.[1])
  const total = Number(match?.[2])
  if (!match || index < 1 || index > total || total > MAX_SHARDS)
    inputs.fail(
      'shard',
      `must be i/n with 1 <= i <= n <= ${MAX_SHARDS}, got '${raw}' (use a value of the shard-matrix output)`,
      "'${{ matrix.shard }}'"
    )
  return { index, total }
}

export function booleanInput(
  inputs: Inputs,
  name: string,
  fallback: boolean
): boolean {
  const raw = inputs.read(name).trim()
  if (raw === '') return fallback
  if (TRUE_VALUES.includes(raw)) return true
  if (FALSE_VALUES.includes(raw)) return false
  return inputs.fail(name, `must be true or false, got '${raw}'`, 'true')
}

export function globList(inputs: Inputs, name: string): string[] {
  const patterns = splitList(inputs.read(name))
  for (const pattern of patterns) {
    try {
      compileGlobs([pattern])
    } catch (error) {
      inputs.fail(
        name,
        `has a malformed glob '${pattern}': ${(error as Error).message}; check its brackets and braces`,
        "'src/**/*.{ts,js}'",
        error
      )
    }
  }
  return patterns
}

/** The command word: one token, no spaces, so a comment's first word can be compared with it. */
export function commandInput(inputs: Inputs): string {
  const raw = inputs.read('command').trim()
  if (raw === '') return DEFAULT_COMMAND
  if (!/^[/@!.]?[A-Za-z][\w.-]*$/.test(raw))
    inputs.fail(
      'command',
      `must be one word such as /review or @reviewer (letters, digits, '-', '_' or '.', after an optional /, @, ! or .), got '${raw}'`,
      DEFAULT_COMMAND
    )
  return raw
}

/** Area ids, lower-cased and deduplicated; the agent decides which exist. */
export function areaList(inputs: Inputs): string[] {
  const areas: string[] = []
  for (const name of splitList(inputs.read('areas'))) {
    const id = name.toLowerCase()
    if (!/^[a-z][a-z0-9-]*$/.test(id)) {
      inputs.fail(
        'areas',
        `has a malformed area '${name}'; give area ids separated by commas`,
        'security,database'
      )
    }
    if (!areas.includes(id)) areas.push(id)
  }
  return areas
}

export function severityInput(
  inputs: Inputs,
  name: string,
  fallback: string,
  allowNone = false
): Severity | 'none' {
  const raw = inputs.read(name).trim().toLowerCase()
  if (raw === '') return fallback as Severity | 'none'
  const accepted: string[] = allowNone
    ? ['none', ...SEVERITIES]
    : [...SEVERITIES]
  if (!accepted.includes(raw)) {
    inputs.fail(
      name,
      `must be one of ${accepted.join(', ')}, got '${raw}'`,
      accepted[1] ?? accepted[0]
    )
  }
  return raw as Severity | 'none'
}

/** A plain non-negative decimal: `2`, `0.5`, `.5` (no sign, exponent or unit). */
function isDecimal(raw: string): boolean {
  return /^\d*\.?\d+$/.test(raw)
}

export function fraction(
  inputs: Inputs,
  name: string,
  fallback: number
): number {
  const raw = inputs.read(name).trim()
  if (raw === '') return fallback
  const value = Number(raw)
  if (!isDecimal(raw) || value > 1) {
    inputs.fail(
      name,
      `must be a number from 0 to 1, got '${raw}'`,
      String(fallback)
    )
  }
  return value
}

export function verifyInput(inputs: Inputs): Severity[] {
  const raw = inputs.read('verify').trim().toLowerCase()
  if (raw === '') return ['critical', 'high']
  if (raw === 'none' || raw === 'false') return []
  const chosen: Severity[] = []
  for (const item of splitList(raw)) {
    if (!(SEVERITIES as readonly string[]).includes(item)) {
      inputs.fail(
        'verify',
        `must be 'none' or severities from ${SEVERITIES.join(', ')}, got '${item}'`,
        'critical,high'
      )
    }
    if (!chosen.includes(item as Severity)) chosen.push(item as Severity)
  }
  return chosen
}

export function positiveNumber(
  inputs: Inputs,
  name: string
): number | undefined {
  const raw = inputs.read(name).trim()
  if (raw === '') return undefined
  if (!isDecimal(raw) || Number(raw) <= 0) {
    inputs.fail(
      name,
      `must be a positive number of minutes, got '${raw}'`,
      '15'
    )
  }
  return Number(raw)
}

export function dollars(inputs: Inputs, name: string): number | undefined {
  const raw = inputs.read(name).trim().replace(/^\$/, '')
  if (raw === '') return undefined
  if (!isDecimal(raw) || Number(raw) <= 0)
    inputs.fail(
      name,
      `must be a positive amount of US dollars, got '${raw}'`,
      '2.50'
    )
  return Number(raw)
}

/** Waits are scaled at most tenfold either way from the guidance, or turned off. */
const MAX_PACING = 10

export function pacing(inputs: Inputs): number {
  const raw = inputs.read('request-pacing').trim()
  if (raw === '') return 1
  const value = Number(raw)
  if (!isDecimal(raw) || value > MAX_PACING)
    inputs.fail(
      'request-pacing',
      `must be a number from 0 to ${MAX_PACING} (1 follows GitHub's and Anthropic's guidance), got '${raw}'`,
      '1'
    )
  return value
}

export function nonNegativeInteger(
  inputs: Inputs,
  name: string,
  fallback: number
): number {
  const raw = inputs.read(name).trim()
  if (raw === '') return fallback
  if (!/^\d+$/.test(raw)) {
    inputs.fail(
      name,
      `must be a whole number (0 or more), got '${raw}'`,
      String(fallback)
    )
  }
  return Number(raw)
}

export function providerInput(inputs: Inputs): Provider {
  const raw = inputs.read('provider').trim().toLowerCase()
  if (raw === '') return 'anthropic'
  if (!(PROVIDERS as readonly string[]).includes(raw)) {
    inputs.fail(
      'provider',
      `must be one of ${PROVIDERS.join(', ')}, got '${raw}'`,
      'bedrock'
    )
  }
  return raw as Provider
}

export function effortInput(inputs: Inputs): Effort | undefined {
  const raw = inputs.read('effort').trim().toLowerCase()
  if (raw === '') return undefined
  if (!(EFFORT_LEVELS as readonly string[]).includes(raw)) {
    inputs.fail(
      'effort',
      `must be one of ${EFFORT_LEVELS.join(', ')}, got '${raw}'`,
      'high'
    )
  }
  return raw as Effort
}

export function baseUrl(
  inputs: Inputs,
  raw: string | undefined
): string | undefined {
  if (!raw) return undefined
  try {
    const url = new URL(raw)
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error('not http(s)')
  } catch {
    inputs.fail(
      'anthropic-base-url',
      `(or ANTHROPIC_BASE_URL) must be an http(s) URL, got '${raw}'`,
      'https://llm-gateway.example.com'
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
