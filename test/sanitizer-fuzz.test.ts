/**
 * Fuzz: hostile strings built from the tricks a PR or an echoing model can
 * play, put in every field of a finding and in file names, and the
 * invariants checked on what would be posted: the inline comment, the
 * summary comment, and the review report.
 */
import { describe, expect, it } from 'vitest'
import type { LedgerFinding } from '../src/findings/ledger.js'
import { inlineCommentBody } from '../src/publish/comment-body.js'
import { fingerprintMarker } from '../src/publish/markers.js'
import { renderSummary } from '../src/publish/summary-comment.js'
import { location, renderReview } from '../src/report/review-report.js'
import { code } from '../src/text/markdown.js'
import { HEAD, outcomeWith } from './helpers/outcome.js'
import { seededRandom } from './helpers/random.js'

const FRAGMENTS = [
  '@octocat',
  '@@octocat',
  '`@octocat',
  '``@octo-org/security-team``',
  '(@admin)',
  'mail me@example.com',
  '![pixel](https://tracker.example/p.png?u=1)',
  '![x][ref]\n\n[ref]: https://tracker.example/r.gif',
  '<img src="https://tracker.example/i.png">',
  '\u202Egnp.exe',
  'a\u2066b\u2069c\u200Fd',
  'zero\u200Bwidth\u2060join\uFEFFer\u200D',
  '<!-- architect-review:summary -->',
  '<!-- architect-review:state AAAA.ffff -->',
  '<!-- architect-review:fp=ffffffffffffffff -->',
  '<!-- unterminated',
  '-->',
  '```',
  '````suggestion',
  '`',
  '|',
  '\n',
  '<details><summary>hidden</summary>',
  'plain words'
]

function hostile(next: () => number): string {
  const parts: string[] = []
  const count = 1 + Math.floor(next() * 6)
  for (let i = 0; i < count; i++)
    parts.push(FRAGMENTS[Math.floor(next() * FRAGMENTS.length)])
  return parts.join(next() < 0.5 ? ' ' : '')
}

function findingOf(next: () => number, n: number): LedgerFinding {
  const name = hostile(next).replace(/\n/g, '')
  return {
    areas: ['security'],
    severity: 'high',
    confidence: 0.9,
    path: `src/${name || 'x'}.ts`,
    line: 3,
    title: hostile(next),
    problem: hostile(next),
    recommendation: hostile(next),
    suggestion: hostile(next),
    suggestionApplies: true,
    units: ['unit-1'],
    reports: 1,
    origin: 'new',
    head: HEAD,
    status: 'open',
    fingerprint: n.toString(16).padStart(16, '0'),
    placement: next() < 0.5 ? 'inline' : 'summary',
    reason: next() < 0.5 ? undefined : hostile(next),
    anchor: { line: 3 }
  }
}

/** What GitHub shows outside code: fenced blocks and code spans removed. */
function outsideCode(markdown: string): string {
  const lines = markdown.split('\n')
  const kept: string[] = []
  let fence: string | undefined
  for (const line of lines) {
    const opener = /^(`{3,})/.exec(line)?.[1]
    if (fence) {
      if (
        line.startsWith(fence) &&
        line.trim() === line.trim().replace(/[^`]/g, '')
      )
        fence = undefined
      continue
    }
    if (opener) {
      fence = opener
      continue
    }
    kept.push(line)
  }
  // Code spans: a run of n backticks up to the next run of exactly n.
  return kept.join('\n').replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, ' ')
}

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/
const HIDDEN = /\u200C|\u200D|\u2060|\uFEFF/
const CASES = 400

describe('sanitizer fuzz', () => {
  it('keeps hostile findings inert in every posted body', () => {
    const next = seededRandom(20261129)
    for (let n = 1; n <= CASES; n++) {
      const findings = [findingOf(next, n), findingOf(next, n + CASES)]
      const outcome = outcomeWith(findings)
      const bodies = {
        inline: inlineCommentBody(findings[0]),
        summary: renderSummary(
          { outcome, notices: [], secrets: [] },
          'c2VhbGVk.00ff'
        ),
        report: renderReview(outcome, [])
      }
      // File names sit in code spans whose safety the next test checks: take them out whole.
      const spans = findings.flatMap((f) => [location(f), code(f.path)])
      const withoutSpans = (body: string) =>
        spans.reduce((text, span) => text.split(span).join(' '), body)
      for (const [where, body] of Object.entries(bodies)) {
        const label = `case ${n} ${where}: ${JSON.stringify(findings[0].title)}`
        const shown = outsideCode(withoutSpans(body))
        // No mention GitHub would link: every @ after a non-word character is broken.
        expect(shown, label).not.toMatch(/(^|[^\w])@[A-Za-z0-9]/)
        // No image, no raw HTML from the finding (our own <details> stay).
        expect(shown, label).not.toContain('![')
        expect(shown, label).not.toMatch(/<img\b/)
        expect(shown, label).not.toContain('<summary>hidden')
        // Nothing reorders or hides text.
        expect(body, label).not.toMatch(BIDI)
        expect(body, label).not.toMatch(HIDDEN)
        // Zero-width spaces only where we broke a mention or a comment opener.
        for (const match of body.matchAll(/\u200B/g))
          expect(body[match.index - 1], label).toMatch(/[@<-]/)
      }
      // Our markers only at their fixed places; outside code, no other comment.
      const ours = (body: string) =>
        body.split('<!-- architect-review:').length - 1
      expect(ours(bodies.inline)).toBe(1)
      const inner = (body: string, drop: { first?: boolean }) => {
        const lines = body.trimEnd().split('\n')
        return lines.slice(drop.first ? 1 : 0, -1).join('\n')
      }
      expect(outsideCode(withoutSpans(inner(bodies.inline, {})))).not.toContain(
        '<!--'
      )
      expect(
        bodies.inline
          .trimEnd()
          .endsWith(fingerprintMarker(findings[0].fingerprint))
      ).toBe(true)
      expect(ours(bodies.summary)).toBe(2)
      expect(
        bodies.summary.startsWith('<!-- architect-review:summary -->\n')
      ).toBe(true)
      expect(outsideCode(inner(bodies.summary, { first: true }))).not.toContain(
        '<!--'
      )
      expect(ours(bodies.report)).toBe(0)
      expect(outsideCode(withoutSpans(bodies.report))).not.toContain('<!--')
    }
  })

  it('keeps every hostile file name inside its code span', () => {
    const next = seededRandom(7)
    for (let n = 0; n < CASES; n++) {
      const name = hostile(next)
      const span = code(name)
      const fence = /^`+/.exec(span)![0]
      expect(span.endsWith(fence), name).toBe(true)
      const inner = span.slice(fence.length, span.length - fence.length)
      const runs = [...inner.matchAll(/`+/g)].map((m) => m[0].length)
      expect(
        runs.every((length) => length < fence.length),
        name
      ).toBe(true)
      expect(inner, name).not.toContain('<!--')
      expect(inner, name).not.toContain('\n')
      expect(inner, name).not.toMatch(BIDI)
    }
  })
})
