/** Tests for src/findings/findings-schema.ts and the published docs/findings.schema.json. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  findingsJsonSchema,
  findingsOutputSchema
} from '../src/findings/findings-schema.js'

describe('docs/findings.schema.json', () => {
  it('is the schema the code validates with (run npm run schema after changing it)', () => {
    const published = JSON.parse(
      readFileSync(
        resolve(import.meta.dirname, '../docs/findings.schema.json'),
        'utf8'
      )
    )
    expect(published).toEqual(findingsJsonSchema())
  })

  it('accepts ledger findings and invalid reports as the action outputs them', () => {
    const output = [
      {
        severity: 'high',
        confidence: 0.8,
        path: 'src/a.ts',
        line: 3,
        title: 't',
        problem: 'p',
        recommendation: 'r',
        status: 'open',
        origin: 'new',
        placement: 'inline',
        areas: ['security'],
        units: ['unit-1'],
        reports: 1,
        head: 'abc1234',
        fingerprint: '0123456789abcdef',
        suggestionApplies: false
      },
      {
        unit: 'unit-1',
        pass: 'api',
        status: 'invalid',
        input: { line: 'x' },
        problems: ['line: expected number']
      }
    ]
    expect(findingsOutputSchema.safeParse(output).success).toBe(true)
    expect(
      findingsOutputSchema.safeParse([{ ...output[0], severity: 'blocker' }])
        .success
    ).toBe(false)
  })
})
