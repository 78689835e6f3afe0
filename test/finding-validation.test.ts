/** Tests for src/findings/finding-validation.ts. */
import { describe, expect, it } from 'vitest'
import { checkReport } from '../src/findings/finding-validation.js'

const context = {
  areaIds: ['api', 'security'],
  paths: new Map([
    ['src/app.ts', 'src/app.ts'],
    ['src/new.ts', 'src/new.ts'],
    ['src/old.ts', 'src/new.ts']
  ])
}
const good = {
  area: 'security',
  severity: 'high',
  confidence: 0.9,
  path: 'src/app.ts',
  line: 12,
  title: 'SQL built from request data',
  problem: 'id flows into the query string; id=1 OR 1=1 returns every row.',
  recommendation: 'Use a parameterized query.'
}

describe('checkReport', () => {
  it('accepts valid findings and maps a renamed file to its new name', () => {
    const result = checkReport(
      { findings: [good, { ...good, path: 'src/old.ts', end_line: 12 }] },
      context
    )
    expect(result.invalid).toEqual([])
    expect(result.valid[1].path).toBe('src/new.ts')
    expect(result.valid[1]).not.toHaveProperty('end_line')
  })

  it.each([
    [
      { ...good, area: 'frontend' },
      "area: 'frontend' is not one of api, security"
    ],
    [{ ...good, line: '12' }, 'line:'],
    [{ ...good, line: 0 }, 'line:'],
    [
      { ...good, path: 'src/elsewhere.ts' },
      "path: 'src/elsewhere.ts' is not a file changed by this pull request"
    ],
    [{ ...good, severity: 'blocker' }, 'severity:'],
    [{ ...good, confidence: 7 }, 'confidence:'],
    [{ ...good, end_line: 3 }, 'end_line: 3 is before line 12'],
    [{ ...good, extra: true }, 'Unrecognized key'],
    [{ title: 'only a title' }, 'area:']
  ])('rejects %j and says why', (finding, problem) => {
    const result = checkReport({ findings: [good, finding] }, context)
    expect(result.valid).toHaveLength(1)
    expect(result.invalid).toHaveLength(1)
    expect(result.invalid[0]).toMatchObject({ index: 1, input: finding })
    expect(result.invalid[0].problems.join('; ')).toContain(problem)
  })

  it('rejects an input without a findings array', () => {
    expect(checkReport({ items: [] }, context).invalid[0].problems[0]).toMatch(
      /findings array/
    )
    expect(checkReport(null, context).invalid).toHaveLength(1)
  })
})
