/** Tests for src/publish/sanitize.ts, markers.ts, comment-body.ts and summary-comment.ts. */
import { describe, expect, it } from 'vitest'
import {
  fit,
  inlineCommentBody,
  MAX_BODY_CHARS
} from '../src/publish/comment-body.js'
import {
  fingerprintMarker,
  fingerprintsIn,
  readState,
  stateMarker,
  SUMMARY_MARKER
} from '../src/publish/markers.js'
import type { PublishedFinding } from '../src/publish/reconcile.js'
import {
  fenced,
  neutralizeMentions,
  redactSecrets,
  safeProse,
  stripHtmlComments
} from '../src/publish/sanitize.js'
import { renderSummary } from '../src/publish/summary-comment.js'
import { NO_USAGE } from '../src/review/usage.js'

const finding: PublishedFinding = {
  area: 'security',
  areas: ['security', 'database'],
  severity: 'high',
  confidence: 0.8,
  path: 'src/a.ts',
  line: 4,
  title: 'Token leaks',
  problem: 'The handler logs the token.',
  recommendation: 'Do not log it.',
  unit: 'unit-1',
  pass: 'security',
  status: 'valid',
  fingerprint: '0123456789abcdef',
  disposition: 'inline',
  anchor: { line: 4 },
  suggestionApplies: true,
  suggestion: 'log.info("request")'
}

describe('what is posted is safe', () => {
  it('neutralises @user and @org/team mentions but not e-mail addresses or code', () => {
    expect(
      neutralizeMentions(
        'ping @alice and @octo-org/security-team, mail bob@example.com'
      )
    ).toBe(
      'ping @\u200balice and @\u200bocto-org/security-team, mail bob@example.com'
    )
  })

  it('strips HTML comments, so model text cannot forge our markers', () => {
    const forged = `ok ${SUMMARY_MARKER} ${fingerprintMarker('ffffffffffffffff')} <!-- unterminated`
    const clean = stripHtmlComments(forged)
    expect(clean).not.toContain('<!--')
    expect(fingerprintsIn(clean)).toEqual([])
  })

  it('redacts credential-shaped strings and the run’s own secrets', () => {
    const text = [
      'sk-ant-api03-abcdefghijklmnop',
      'ghs_0123456789abcdefghijABCDEFGHIJ',
      'github_pat_11ABCDEFG0123456789_abcdefghijk',
      'AKIAIOSFODNN7EXAMPLE',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
      'my-custom-secret-value'
    ].join(' | ')
    const out = redactSecrets(text, ['my-custom-secret-value'])
    expect(out).toBe(
      '[redacted Anthropic key] | [redacted GitHub token] | [redacted GitHub token] | [redacted AWS key id] | [redacted private key] | [redacted]'
    )
  })

  it('escapes HTML so model text cannot open details or hide content', () => {
    expect(safeProse('<details><summary>x</summary>')).toBe(
      '&lt;details&gt;&lt;summary&gt;x&lt;/summary&gt;'
    )
  })

  it('fences code with a fence longer than any backtick run inside', () => {
    expect(fenced('a ``` b', 'suggestion')).toBe(
      '````suggestion\na ``` b\n````'
    )
  })

  it('renders an inline comment with severity, areas, suggestion and its fingerprint marker', () => {
    const body = inlineCommentBody({
      ...finding,
      problem: 'See @alice <!-- architect-review:summary -->'
    })
    expect(body).toMatch(
      /^\*\*🟠 High\*\* · security, database — \*\*Token leaks\*\*/
    )
    expect(body).toContain('```suggestion\nlog.info("request")\n```')
    expect(body).toContain('@\u200balice')
    expect(body).not.toContain(SUMMARY_MARKER)
    expect(fingerprintsIn(body)).toEqual(['0123456789abcdef'])
  })

  it('keeps bodies under GitHub’s limit, says so, and keeps the marker', () => {
    const body = fit('x'.repeat(100_000), fingerprintMarker('0123456789abcdef'))
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS)
    expect(body).toContain('(truncated:')
    expect(body.endsWith(fingerprintMarker('0123456789abcdef'))).toBe(true)
  })
})

describe('the summary comment', () => {
  const input = {
    headSha: 'a'.repeat(40),
    findings: [
      finding,
      {
        ...finding,
        fingerprint: 'fedcba9876543210',
        disposition: 'summary' as const,
        reason: 'outside the diff',
        title: 'Other'
      }
    ],
    resolved: [
      {
        fp: '1111111111111111',
        path: 'src/b.ts',
        line: 2,
        severity: 'low',
        areas: ['api'],
        title: 'Old problem',
        disposition: 'inline'
      }
    ],
    carried: [],
    invalidCount: 1,
    skipped: [
      { path: 'yarn.lock', category: 'lockfile' as const, reason: 'lockfile' }
    ],
    unfinishedPasses: [],
    model: 'claude-sonnet-5-5',
    turns: 7,
    usage: NO_USAGE,
    costUsd: 0.0123,
    withheldTools: ['Bash'],
    scope: 'full review (no earlier review)',
    notices: []
  }

  it('holds counts, what is not inline and why, resolved findings, skipped files, run figures and its state', () => {
    const body = renderSummary(input)
    expect(body.startsWith(SUMMARY_MARKER)).toBe(true)
    expect(body).toContain('**2 findings**')
    expect(body).toMatch(/\| security \| · \| 2 \| · \| · \| · \|/)
    expect(body).toMatch(
      /\| 🟠 High \| security, database \| `src\/a.ts:4` \| Other \| outside the diff \|/
    )
    expect(body).toContain('~~Old problem~~')
    expect(body).toContain('`yarn.lock` | lockfile')
    expect(body).toContain(`Reviewed \`${'a'.repeat(40)}\``)
    expect(body).toContain('$0.0123')
    const state = readState(body)!
    expect(state.head).toBe('a'.repeat(40))
    expect(state.findings.map((f) => f.fp)).toEqual([
      '0123456789abcdef',
      'fedcba9876543210'
    ])
  })

  it('says plainly when there are no findings', () => {
    expect(renderSummary({ ...input, findings: [], resolved: [] })).toContain(
      `No findings at \`${'a'.repeat(12)}\`.`
    )
  })

  it('round-trips its state and rejects a damaged one', () => {
    const marker = stateMarker({ v: 1, head: 'abc', findings: [] })
    expect(readState(`x\n${marker}`)).toEqual({
      v: 1,
      head: 'abc',
      findings: []
    })
    expect(
      readState('<!-- architect-review:state not-base64!! -->')
    ).toBeUndefined()
  })
})
