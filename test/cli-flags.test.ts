/** Tests for src/cli/cli-flags.ts: the CLI's options, its help and its names in messages. */
import { describe, expect, it } from 'vitest'
import {
  FLAG_NAMES,
  parseFlags,
  SETTING_FLAGS,
  USAGE
} from '../src/cli/cli-flags.js'
import { ConfigurationError } from '../src/errors.js'
import { readSettings } from '../src/settings.js'
import { actionMetadata, ROOT } from './helpers/action-metadata.js'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { SEVERITIES } from '../src/vocabulary/severity.js'

/** Inputs that only mean something on GitHub (or that the CLI reads from the environment). */
const ACTION_ONLY = [
  'github-token',
  'pr-number',
  'anthropic-api-key', // ANTHROPIC_API_KEY
  'state-secret',
  'review-drafts',
  'max-comments',
  'incremental',
  'dry-run',
  'command', // PR comments only
  'answer-replies'
]

describe('CLI flags', () => {
  it('offers every action input that makes sense locally as a flag of the same name', () => {
    const local = Object.keys(actionMetadata().inputs).filter(
      (input) => !ACTION_ONLY.includes(input)
    )
    expect([...SETTING_FLAGS].sort()).toEqual(local.sort())
  })

  it('lists the fail-on values it accepts alike in --help, action.yml and the README', () => {
    for (const level of [...SEVERITIES, 'none']) {
      expect(() =>
        readSettings((n) => (n === 'fail-on' ? level : ''), {})
      ).not.toThrow()
      expect(USAGE.slice(USAGE.indexOf('--fail-on'))).toMatch(
        new RegExp(`^[^]*?\\b${level}\\b[^]*?--min-severity`)
      )
    }
    const actionYml = readFileSync(resolve(ROOT, 'action.yml'), 'utf8')
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8')
    const described = (text: string, from: string, to: string) =>
      text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)))
    for (const level of SEVERITIES) {
      expect(described(actionYml, '  fail-on:', '  command:')).toContain(level)
      expect(described(readme, '| `fail-on`', '\n')).toContain(`\`${level}\``)
    }
  })

  it('documents every flag it accepts in --help', () => {
    const flags = [
      ...SETTING_FLAGS,
      'repo',
      'base',
      'head',
      'plan',
      'format',
      'quiet',
      'version',
      'help',
      'shard-file',
      'full',
      'forget',
      'ignore',
      'show-context'
    ]
    for (const flag of flags) expect(USAGE).toContain(`--${flag} `.trimEnd())
    const documented = [...USAGE.matchAll(/^\s+(?:-\w, )?--([a-z-]+)/gm)].map(
      (m) => m[1]
    )
    expect(documented.sort()).toEqual(flags.sort())
    expect(USAGE).toMatch(/0 +reviewed[\s\S]*1 +a pass[\s\S]*2 +usage/)
  })

  it('reads the action inputs given as flags, and the output options', () => {
    const flags = parseFlags([
      '--fail-on',
      'high',
      '--format',
      'sarif',
      '-q',
      '--time-budget',
      '5',
      '--repo',
      '/src/app'
    ])
    expect(flags).toMatchObject({
      repo: '/src/app',
      format: 'sarif',
      quiet: true,
      plan: false,
      settings: { 'fail-on': 'high', 'time-budget': '5' }
    })
    const settings = readSettings(
      (name) => flags.settings[name] ?? '',
      {},
      FLAG_NAMES
    )
    expect(settings.failOn).toBe('high')
    expect(settings.timeBudgetMinutes).toBe(5)
  })

  it('names settings as flags in errors', () => {
    expect(() =>
      readSettings(
        (name) => (name === 'concurrency' ? '0' : ''),
        {},
        FLAG_NAMES
      )
    ).toThrow(
      new ConfigurationError(
        "--concurrency must be a positive whole number, got '0'. Example: --concurrency 5"
      )
    )
  })
})
