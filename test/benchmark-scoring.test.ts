/** Tests for src/benchmark/benchmark-scoring.ts: micro-averaged figures, by dimension, failed PRs apart, and the published tools' figures. */
import { describe, expect, it } from 'vitest'
import {
  byDimension,
  overall,
  publishedFigures
} from '../src/benchmark/benchmark-scoring.js'
import { caseResult } from './helpers/benchmark-results.js'

const result = caseResult
const f = (area: string, severity: string) => ({
  area,
  severity,
  path: 'a',
  line: 1,
  title: 't',
  text: 't'
})

describe('figures', () => {
  // PR A (Go): 2 findings (security high, api low), 2 labels (high, low), finding 0 ↔ label 0.
  // PR B (Python): 1 finding (security medium), 1 label (high), none matched.
  // PR C failed: its finding and labels are not counted.
  const results = [
    result({
      findings: [f('security', 'high'), f('api', 'low')],
      labels: [
        { text: 'a', severity: 'high' },
        { text: 'b', severity: 'low' }
      ],
      matches: [{ label: 0, finding: 0, confidence: 0.9 }]
    }),
    result({
      id: 'o/r#2',
      language: 'Python',
      findings: [f('security', 'medium')],
      labels: [{ text: 'c', severity: 'high' }]
    }),
    result({
      id: 'o/r#3',
      status: 'failed',
      error: 'x',
      findings: [f('api', 'high')],
      labels: [{ text: 'd' }]
    })
  ]

  it('micro-averages over scored PRs only: precision 1/3, recall 1/3', () => {
    const all = overall(results)
    expect(all).toMatchObject({
      findings: 3,
      matchedFindings: 1,
      labels: 3,
      matchedLabels: 1
    })
    expect(all.precision).toBeCloseTo(1 / 3, 9)
    expect(all.recall).toBeCloseTo(1 / 3, 9)
    expect(all.f1).toBeCloseTo(1 / 3, 9)
  })

  it('by area: precision per area, and the labels its findings found', () => {
    const areas = byDimension(results, 'area')
    expect(areas.get('security')).toMatchObject({
      findings: 2,
      matchedFindings: 1,
      labels: 0,
      matchedLabels: 1,
      precision: 0.5
    })
    expect(areas.get('api')).toMatchObject({
      findings: 1,
      matchedFindings: 0,
      precision: 0
    })
  })

  it('by severity: precision by the finding’s, recall by the label’s; by language: both', () => {
    const severity = byDimension(results, 'severity')
    expect(severity.get('high')).toMatchObject({
      findings: 1,
      matchedFindings: 1,
      labels: 2,
      matchedLabels: 1,
      recall: 0.5
    })
    expect(severity.get('low')).toMatchObject({
      findings: 1,
      matchedFindings: 0,
      labels: 1,
      matchedLabels: 0
    })
    const language = byDimension(results, 'language')
    expect(language.get('Go')).toMatchObject({
      findings: 2,
      matchedFindings: 1,
      labels: 2,
      matchedLabels: 1
    })
    expect(language.get('Python')).toMatchObject({
      findings: 1,
      matchedFindings: 0,
      labels: 1,
      matchedLabels: 0,
      recall: 0
    })
  })
})

describe('publishedFigures', () => {
  it('micro-averages each tool’s tp, fp and fn over the PRs of one judge, with display names', () => {
    const dashboard = {
      tool_display_names: { bugbot: 'Cursor Bugbot' },
      models: {
        judgeA: {
          prs: [
            { tool_metrics: { bugbot: { tp: 2, fp: 0, fn: 2 } } },
            { tool_metrics: { bugbot: { tp: 1, fp: 3, fn: 0 } } }
          ]
        },
        judgeB: { prs: [{ tool_metrics: { bugbot: { tp: 9, fp: 0, fn: 0 } } }] }
      }
    }
    // tp 3, fp 3, fn 2: precision 0.5, recall 0.6, F1 6/11.
    const [bugbot] = publishedFigures(dashboard, 'judgeA')
    expect(bugbot.tool).toBe('Cursor Bugbot')
    expect(bugbot.precision).toBeCloseTo(0.5, 9)
    expect(bugbot.recall).toBeCloseTo(0.6, 9)
    expect(bugbot.f1).toBeCloseTo(6 / 11, 9)
  })
})
