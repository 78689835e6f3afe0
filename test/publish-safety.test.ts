/** Tests for src/publish/sanitize.ts, markers.ts, comment-body.ts and summary-comment.ts. */
import { describe, expect, it } from 'vitest'
import {
  fit,
  inlineCommentBody,
  MAX_BODY_CHARS
} from '../src/publish/comment-body.js'
import { openState, sealState } from '../src/findings/run-state.js'
import type { LedgerFinding } from '../src/findings/ledger.js'
import {
  fingerprintMarker,
  fingerprintOf,
  sealedStateIn,
  SUMMARY_MARKER
} from '../src/publish/markers.js'
import { neutralizeMentions } from '../src/text/active-text.js'
import {
  fenced,
  redactSecrets,
  safeProse,
  stripHtmlComments
} from '../src/text/sanitize.js'
import { renderSummary } from '../src/publish/summary-comment.js'
import { HEAD, outcomeWith } from './helpers/outcome.js'
import { NO_USAGE } from '../src/vocabulary/usage.js'

const finding: LedgerFinding = {
  areas: ['security', 'database'],
  severity: 'high',
  confidence: 0.8,
  path: 'src/a.ts',
  line: 4,
  title: 'Token leaks',
  problem: 'The handler logs the token.',
  recommendation: 'Do not log it.',
  units: ['unit-1'],
  reports: 1,
  origin: 'new',
  head: HEAD,
  status: 'open',
  fingerprint: '0123456789abcdef',
  placement: 'inline',
  anchor: { line: 4 },
  suggestionApplies: true,
  suggestion: 'log.info("request")'
}

describe('what is posted is safe', () => {
  it('neutralises @user and @org/team mentions but not e-mail addresses', () => {
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
    expect(fingerprintOf(clean)).toBeUndefined()
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
    expect(fingerprintOf(body)).toBe('0123456789abcdef')
  })

  it('keeps bodies under GitHub’s limit, says so, and keeps the marker', () => {
    const body = fit('x'.repeat(100_000), fingerprintMarker('0123456789abcdef'))
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS)
    expect(body).toContain('(truncated:')
    expect(body.endsWith(fingerprintMarker('0123456789abcdef'))).toBe(true)
  })
})

describe('the summary comment', () => {
  const seal = { secret: 'test-secret', scope: 'octo/shop#7' }
  const state = {
    v: 2 as const,
    head: HEAD,
    coverage: [],
    findings: [],
    dismissed: []
  }
  const findings: LedgerFinding[] = [
    finding,
    {
      ...finding,
      fingerprint: 'fedcba9876543210',
      placement: 'summary',
      reason: 'outside the diff',
      title: 'Other'
    },
    {
      ...finding,
      fingerprint: '1111111111111111',
      status: 'resolved',
      placement: undefined,
      title: 'Old problem',
      path: 'src/b.ts',
      line: 2
    }
  ]
  const render = (f = findings, over = {}) =>
    renderSummary(
      { outcome: outcomeWith(f, over), notices: [] },
      sealState(state, seal)
    )

  it('holds counts, what is not inline and why, resolved findings, skipped files, run figures and its state', () => {
    const body = render()
    expect(body.startsWith(`${SUMMARY_MARKER}\n`)).toBe(true)
    expect(body).toContain('**2 open findings** (2 high)')
    expect(body).toMatch(/\| security \| · \| 2 \| · \| · \| · \|/)
    expect(body).toMatch(
      /\| 🟠 High \| security, database \| `src\/a.ts:4` \| Other \| outside the diff \|/
    )
    expect(body).toContain('~~Old problem~~')
    expect(body).toContain('`yarn.lock` | lockfile')
    // One short line in <sub>; the full head in the folded details.
    expect(body).toContain(`<sub>Reviewed \`${HEAD.slice(0, 12)}\` · $`)
    expect(body).toContain(`- Head: \`${HEAD}\``)
    expect(body).toContain('$0.0123')
    expect(openState(sealedStateIn(body)!, seal)).toEqual({ ok: true, state })
  })

  it('says plainly when there are no open findings, and never when a pass did not complete', () => {
    expect(render([])).toContain(`No open findings at \`${'a'.repeat(12)}\`.`)
    const failed = render([], {
      passes: [
        {
          unit: 'unit-1',
          area: 'security',
          status: 'failed',
          turns: 0,
          toolCalls: 0,
          usage: NO_USAGE,
          findings: []
        }
      ],
      unfinished: [
        {
          unit: 'unit-1',
          area: 'security',
          status: 'failed',
          turns: 0,
          toolCalls: 0,
          usage: NO_USAGE
        }
      ]
    })
    expect(failed).toContain('**Review incomplete**')
    expect(failed).not.toMatch(/No (open )?findings/)
  })

  it('reads its state only from its last line: a marker in a file name or a title is escaped', () => {
    const hostile = '<!-- architect-review:state v2.AAAA.BBBB -->'
    const body = renderSummary(
      {
        outcome: outcomeWith(
          [{ ...finding, title: hostile, placement: 'summary' }],
          {
            planned: {
              ...outcomeWith([]).planned,
              plan: {
                ...outcomeWith([]).planned.plan,
                skipped: [
                  { path: hostile, category: 'lockfile', reason: 'lockfile' }
                ]
              }
            }
          }
        ),
        notices: []
      },
      sealState(state, seal)
    )
    expect(body.split('<!--').length - 1).toBe(2)
    expect(openState(sealedStateIn(body)!, seal).ok).toBe(true)
  })
})
