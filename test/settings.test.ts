/** Tests for src/settings.ts. */
import { describe, expect, it } from 'vitest'
import { FLAG_NAMES } from '../src/cli/cli-flags.js'
import { ConfigurationError } from '../src/errors.js'
import { readSettings } from '../src/settings.js'
import { splitList } from '../src/setting-inputs.js'

const reader = (inputs: Record<string, string>) => (name: string) =>
  inputs[name] ?? ''

function errorOf(inputs: Record<string, string>): ConfigurationError {
  try {
    readSettings(reader(inputs), {})
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return error as ConfigurationError
  }
  throw new Error('readSettings accepted bad input')
}

describe('readSettings', () => {
  it('applies documented defaults when inputs are empty', () => {
    expect(readSettings(reader({ 'github-token': 'tok' }), {})).toEqual({
      githubToken: 'tok',
      prNumber: undefined,
      include: [],
      exclude: [],
      maxFiles: 300,
      maxDiffTokens: 40_000,
      reviewDrafts: false,
      dryRun: false,
      areas: [],
      model: undefined,
      agent: '',
      instructions: '',
      provider: 'anthropic',
      awsRegion: undefined,
      vertexRegion: undefined,
      vertexProjectId: undefined,
      anthropicApiKey: '',
      stateSecret: '',
      anthropicBaseUrl: undefined,
      effort: undefined,
      maxTurns: 8,
      concurrency: 5,
      blockedPaths: [],
      verify: ['critical', 'high'],
      verifyModel: 'claude-haiku-5-5',
      maxContextTokens: 12_000,
      timeBudgetMinutes: undefined,
      maxCostUsd: undefined,
      requestPacing: 1,
      minSeverity: 'info',
      minConfidence: 0.5,
      maxComments: 25,
      incremental: true,
      failOn: 'none',
      command: '/architect-review',
      answerReplies: true,
      walkthrough: true,
      shard: undefined,
      passesPerShard: 25,
      mergeFrom: undefined
    })
  })

  it.each([
    ['0/3', "must be i/n with 1 <= i <= n <= 256, got '0/3'"],
    ['4/3', "got '4/3'"],
    ['1/300', "got '1/300'"],
    ['half', "got 'half'"]
  ])('rejects shard %s, naming the input and the matrix', (value, message) => {
    expect(() =>
      readSettings(reader({ 'github-token': 't', shard: value }), {})
    ).toThrow(message)
  })

  it('refuses a merge that cannot verify: no key while verification is on, named in the front end’s terms', () => {
    const merge = { 'github-token': 't', 'merge-from': 'shards/' }
    expect(() => readSettings(reader(merge), {})).toThrow(
      "Input 'merge-from' verifies the shards' findings with the model: give an Anthropic API key, or set verify: none."
    )
    expect(() => readSettings(reader(merge), {}, FLAG_NAMES)).toThrow(
      'or set --verify none.'
    )
    expect(
      readSettings(reader({ ...merge, verify: 'none' }), {}).mergeFrom
    ).toBe('shards/')
    expect(
      readSettings(reader(merge), { ANTHROPIC_API_KEY: 'sk-ant-x' }).mergeFrom
    ).toBe('shards/')
  })

  it('reads a shard as index and total, and refuses it together with merge-from', () => {
    expect(
      readSettings(reader({ 'github-token': 't', shard: '2 / 5' }), {}).shard
    ).toEqual({ index: 2, total: 5 })
    expect(() =>
      readSettings(
        reader({ 'github-token': 't', shard: '1/2', 'merge-from': 'shards/' }),
        {}
      )
    ).toThrow("Input 'merge-from' cannot be combined with 'shard'")
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
        model: 'claude-opus-5-5',
        agent: '.claude/agents/reviewer.md',
        instructions: 'We use Postgres 16.',
        'anthropic-api-key': 'sk-input',
        'anthropic-base-url': 'http://127.0.0.1:9999/',
        effort: 'HIGH',
        'max-turns': '4',
        concurrency: '2',
        'blocked-paths': 'config/prod/**',
        'min-severity': 'Medium',
        'min-confidence': '0.7',
        'max-comments': '0',
        incremental: 'false',
        'fail-on': 'high'
      }),
      { ANTHROPIC_API_KEY: 'sk-env' }
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
      model: 'claude-opus-5-5',
      agent: '.claude/agents/reviewer.md',
      instructions: 'We use Postgres 16.',
      anthropicApiKey: 'sk-input',
      anthropicBaseUrl: 'http://127.0.0.1:9999',
      effort: 'high',
      maxTurns: 4,
      concurrency: 2,
      blockedPaths: ['config/prod/**'],
      minSeverity: 'medium',
      minConfidence: 0.7,
      maxComments: 0,
      incremental: false,
      failOn: 'high'
    })
  })

  it('falls back to ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL', () => {
    const settings = readSettings(reader({}), {
      ANTHROPIC_API_KEY: ' sk-env ',
      ANTHROPIC_BASE_URL: 'https://proxy.example.com/anthropic/'
    })
    expect(settings.anthropicApiKey).toBe('sk-env')
    expect(settings.anthropicBaseUrl).toBe(
      'https://proxy.example.com/anthropic'
    )
  })

  it('reads a spending cap with or without a dollar sign, and pacing down to 0', () => {
    const read = (inputs: Record<string, string>) =>
      readSettings((name) => inputs[name] ?? '', {})
    expect(read({ 'max-cost-usd': '$2.50' }).maxCostUsd).toBe(2.5)
    expect(read({ 'max-cost-usd': '0.05' }).maxCostUsd).toBe(0.05)
    expect(read({ 'request-pacing': '0' }).requestPacing).toBe(0)
    expect(read({ 'request-pacing': '0.01' }).requestPacing).toBe(0.01)
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
    [
      { 'max-cost-usd': 'lots' },
      "Input 'max-cost-usd' must be a positive amount of US dollars, got 'lots'. Example: max-cost-usd: 2.50"
    ],
    [
      { 'max-cost-usd': '0' },
      "Input 'max-cost-usd' must be a positive amount of US dollars, got '0'"
    ],
    [
      { 'request-pacing': '20' },
      "Input 'request-pacing' must be a number from 0 to 10 (1 follows GitHub's and Anthropic's guidance), got '20'. Example: request-pacing: 1"
    ],
    [{ 'dry-run': 'yes' }, "Input 'dry-run' must be true or false, got 'yes'"],
    [
      { areas: 'api, front end' },
      "Input 'areas' has a malformed area 'front end'"
    ],
    [
      { provider: 'openai' },
      "Input 'provider' must be one of anthropic, bedrock, vertex, got 'openai'"
    ],
    [
      { effort: 'extreme' },
      "Input 'effort' must be one of low, medium, high, xhigh, max, got 'extreme'"
    ],
    [{ 'max-turns': '0' }, "Input 'max-turns' must be a positive whole number"],
    [
      { concurrency: '100' },
      "Input 'concurrency' is 100; the largest accepted value is 20"
    ],
    [
      { 'anthropic-base-url': 'ftp://x' },
      "Input 'anthropic-base-url' (or ANTHROPIC_BASE_URL) must be an http(s) URL"
    ],
    [
      { 'blocked-paths': '[oops' },
      "Input 'blocked-paths' has a malformed glob '[oops'"
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

  it('takes one word as the command, and refuses one with spaces, naming the input', () => {
    expect(
      readSettings(reader({ 'github-token': 't', command: '@reviewer' }), {})
        .command
    ).toBe('@reviewer')
    expect(() =>
      readSettings(reader({ 'github-token': 't', command: '/review now' }), {})
    ).toThrow(
      "Input 'command' must be one word such as /review or @reviewer (letters, digits, '-', '_' or '.', after an optional /, @, ! or .), got '/review now'. Example: command: /architect-review"
    )
  })
})
