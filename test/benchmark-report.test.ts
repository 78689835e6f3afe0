/** Tests for src/benchmark/benchmark-report.ts: the side-by-side table, the judge caveat and the scatter. */
import { describe, expect, it } from 'vitest'
import {
  renderReport,
  renderScatter
} from '../src/benchmark/benchmark-report.js'
import type { CaseResult } from '../src/benchmark/benchmark-scoring.js'
import { caseResult, RUN_CONFIG } from './helpers/benchmark-results.js'

const config = RUN_CONFIG
const scored = caseResult({
  findings: [
    {
      area: 'security',
      severity: 'high',
      path: 'a.go',
      line: 3,
      title: 'Token in logs',
      text: 'Token in logs.'
    }
  ],
  labels: [
    { text: 'Logs the token', severity: 'high' },
    { text: 'No timeout', severity: 'low' }
  ],
  matches: [{ label: 0, finding: 0, confidence: 0.9 }],
  review: {
    costUsd: 0.1,
    inputTokens: 1000,
    outputTokens: 100,
    wallMs: 2000,
    passesNotRun: 0
  },
  judge: { costUsd: 0.01, requests: 2 }
})
const failed: CaseResult = {
  ...scored,
  id: 'o/r#2',
  status: 'failed',
  error: '2 of the review’s passes did not complete',
  findings: [],
  matches: []
}
const published = {
  judge: 'anthropic_claude-opus-4-5-20251101',
  points: [{ tool: 'Augment', precision: 0.47, recall: 0.628, f1: 0.538 }]
}

describe('renderReport', () => {
  const text = renderReport([scored, failed], config, published)

  it('puts this run in the published table by F1, and says the comparison is approximate under another judge', () => {
    // Ours: precision 1/1, recall 1/2, F1 66.7 — above Augment's 53.8.
    expect(text).toContain(
      '| **architect-review (this run)** | 100.0 | 50.0 | 66.7 |\n| Augment | 47.0 | 62.8 | 53.8 |'
    )
    expect(text).toContain(
      "This run's judge is `claude-opus-5-5`, theirs `anthropic_claude-opus-4-5-20251101`: the comparison is approximate."
    )
  })

  it('counts a failed PR apart and lists it with why', () => {
    expect(text).toContain('1 PRs scored, 1 failed (not counted; listed below)')
    expect(text).toContain(
      '| [o/r#2](https://github.com/o/r/pull/1) | Go | failed: 2 of the review’s passes did not complete |'
    )
  })

  it('lists what matched and what was missed', () => {
    expect(text).toContain('- found (0.90): Logs the token ← Token in logs')
    expect(text).toContain('- missed: No timeout')
  })
})

describe('renderScatter', () => {
  it('draws each tool at (recall, precision), this run in its own colour', () => {
    const svg = renderScatter(
      {
        findings: 1,
        matchedFindings: 1,
        labels: 2,
        matchedLabels: 1,
        precision: 1,
        recall: 0.5,
        f1: 2 / 3
      },
      published.points
    )
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    // 480 wide, 50 of padding: recall 0.5 → x 240, precision 1 → y 50.
    expect(svg).toContain('<circle cx="240.0" cy="50.0" r="6" fill="#d1242f"/>')
    expect(svg).toContain('>Augment</text>')
  })
})
