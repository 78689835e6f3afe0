/** Tests for src/settings.ts. */
import { describe, expect, it } from 'vitest'
import { ConfigurationError } from '../src/errors.js'
import {
  AREA_IDS,
  DEFAULT_MODEL,
  readSettings,
  splitList
} from '../src/settings.js'

const reader = (inputs: Record<string, string>) => (name: string) =>
  inputs[name] ?? ''

function errorOf(inputs: Record<string, string>): ConfigurationError {
  try {
    readSettings(reader(inputs))
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return error as ConfigurationError
  }
  throw new Error('readSettings accepted bad input')
}

describe('readSettings', () => {
  it('applies documented defaults when inputs are empty', () => {
    expect(readSettings(reader({ 'github-token': 'tok' }))).toEqual({
      githubToken: 'tok',
      prNumber: undefined,
      include: [],
      exclude: [],
      maxFiles: 300,
      maxDiffTokens: 40_000,
      reviewDrafts: false,
      dryRun: false,
      areas: [...AREA_IDS],
      model: DEFAULT_MODEL
    })
  })

  it('parses every input', () => {
    const settings = readSettings(
      reader({
        'pr-number': '42',
        include: 'src/**\n  api/*.{ts,js}, db/**',
        exclude: '# comment line\n*.test.ts',
        'max-files': '50',
        'max-diff-tokens': '12000',
        'review-drafts': 'True',
        'dry-run': 'true',
        areas: 'Security, database,security',
        model: 'claude-opus-5-5'
      })
    )
    expect(settings).toMatchObject({
      prNumber: 42,
      include: ['src/**', 'api/*.{ts,js}', 'db/**'],
      exclude: ['*.test.ts'],
      maxFiles: 50,
      maxDiffTokens: 12000,
      reviewDrafts: true,
      dryRun: true,
      areas: ['security', 'database'],
      model: 'claude-opus-5-5'
    })
  })

  it.each([
    [
      { 'pr-number': '0' },
      "Input 'pr-number' must be a positive whole number, got '0'"
    ],
    [
      { 'pr-number': '-3' },
      "Input 'pr-number' must be a positive whole number, got '-3'"
    ],
    [
      { 'pr-number': '12abc' },
      "Input 'pr-number' must be a positive whole number, got '12abc'"
    ],
    [
      { 'pr-number': '1.5' },
      "Input 'pr-number' must be a positive whole number"
    ],
    [
      { 'max-files': 'lots' },
      "Input 'max-files' must be a positive whole number, got 'lots'"
    ],
    [
      { 'max-files': '5000' },
      "Input 'max-files' is 5000; the largest accepted value is 3000"
    ],
    [{ 'max-diff-tokens': '10' }, "Input 'max-diff-tokens' is 10, too small"],
    [{ 'dry-run': 'yes' }, "Input 'dry-run' must be true or false, got 'yes'"],
    [
      { areas: 'api,frontend' },
      "Input 'areas' has an unknown area 'frontend'. Accepted: api, database, system, security, performance"
    ],
    [
      { include: 'src/[ab.ts' },
      "Input 'include' has a malformed glob 'src/[ab.ts'"
    ],
    [
      { exclude: 'src/{a,b.ts' },
      "Input 'exclude' has a malformed glob 'src/{a,b.ts'"
    ]
  ])('rejects %j naming the input', (inputs, message) => {
    expect(errorOf(inputs).message).toContain(message)
  })
})

describe('splitList', () => {
  it('splits on newlines and top-level commas only', () => {
    expect(splitList('a, b\n{c,d}/*.ts\n\n  e  ')).toEqual([
      'a',
      'b',
      '{c,d}/*.ts',
      'e'
    ])
  })
})
