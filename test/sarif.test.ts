/** Tests for src/report/sarif.ts against the SARIF 2.1.0 JSON Schema (from @microsoft/jest-sarif). */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import type { LedgerFinding } from '../src/findings/ledger.js'
import { ruleId, toSarif } from '../src/report/sarif.js'

const require = createRequire(import.meta.url)
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')
// ajv-draft-04 validates draft-04 schemas such as SARIF's; it is CommonJS.
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default
const addFormats =
  require('ajv-formats') as typeof import('ajv-formats').default

const finding: LedgerFinding = {
  areas: ['security'],
  severity: 'critical',
  confidence: 0.9,
  path: 'src/orders.ts',
  line: 5,
  end_line: 6,
  title: 'SQL injection in findOrder',
  problem:
    'id is concatenated; key sk-ant-api03-abcdefghijklmnop leaked <!-- x -->',
  recommendation: 'Parameterize.',
  units: ['unit-1'],
  reports: 1,
  origin: 'new',
  head: 'abc1234',
  status: 'open',
  fingerprint: '0123456789abcdef',
  placement: 'inline',
  anchor: { line: 6, startLine: 5 },
  suggestionApplies: false
}

describe('toSarif', () => {
  const log = toSarif(
    [
      finding,
      {
        ...finding,
        areas: ['performance'],
        severity: 'medium',
        title: 'N+1 query',
        fingerprint: 'fedcba9876543210',
        placement: 'summary'
      },
      { ...finding, status: 'filtered', title: 'x' }
    ],
    { version: '0.1.0' }
  )

  it('validates against the SARIF 2.1.0 schema', () => {
    // The schema's language pattern is valid only without the u flag.
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      unicodeRegExp: false
    })
    addFormats(ajv)
    const validate = ajv.compile(schema)
    const valid = validate(log)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('has a rule per area and problem, partial fingerprints, and security-severity on security findings', () => {
    const run = log.runs[0]
    expect(run.results).toHaveLength(2)
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([
      'security/sql-injection-in-findorder',
      'performance/n-1-query'
    ])
    expect(run.results[0]).toMatchObject({
      ruleId: 'security/sql-injection-in-findorder',
      level: 'error',
      partialFingerprints: { 'architectReviewFinding/v1': '0123456789abcdef' },
      properties: { 'security-severity': '9.5' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/orders.ts' },
            region: { startLine: 5, endLine: 6 }
          }
        }
      ]
    })
    expect(run.tool.driver.rules[0].properties).toMatchObject({
      'security-severity': '9.5',
      tags: ['security']
    })
    expect(run.results[1].properties).not.toHaveProperty('security-severity')
    expect(ruleId(finding)).toBe('security/sql-injection-in-findorder')
  })

  it('carries no secrets or HTML comments from model text', () => {
    const text = JSON.stringify(log)
    expect(text).not.toContain('sk-ant-api03')
    expect(text).not.toContain('<!--')
  })
})
