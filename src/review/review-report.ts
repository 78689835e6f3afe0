import { SEVERITIES } from '../agents/agent.js'
import type { Severity } from '../agents/agent.js'
import type { ReviewFinding, ValidFinding } from '../findings/finding.js'
import { code } from '../plan/plan-report.js'
import { safeInline, safeProse } from '../publish/sanitize.js'
import type { ChangeReview } from './review-change.js'

/** Findings per severity (valid findings only). */
export function severityCounts(
  findings: readonly ReviewFinding[]
): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<
    Severity,
    number
  >
  for (const finding of findings)
    if (finding.status === 'valid') counts[finding.severity]++
  return counts
}

/** Valid findings, most severe and most confident first. */
export function rankFindings(
  findings: readonly ReviewFinding[]
): ValidFinding[] {
  return findings
    .filter((f): f is ValidFinding => f.status === 'valid')
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
        b.confidence - a.confidence ||
        a.path.localeCompare(b.path) ||
        a.line - b.line
    )
}

/** The review as Markdown for the job summary and the CLI; `secrets` are redacted from model text. */
export function renderReview(
  review: ChangeReview,
  secrets: readonly string[] = []
): string {
  const cell = (text: string): string => safeInline(text, secrets)
  const escapeHtml = (text: string): string => safeProse(text, secrets)
  const lines: string[] = ['## architect-review findings', '']
  const valid = rankFindings(review.findings)
  const invalid = review.findings.filter((f) => f.status === 'invalid')
  const counts = severityCounts(review.findings)
  if (valid.length === 0) {
    lines.push(
      review.complete
        ? 'No findings.'
        : 'No findings in the passes that completed (see below).',
      ''
    )
  } else {
    lines.push(
      SEVERITIES.filter((s) => counts[s] > 0)
        .map((s) => `${counts[s]} ${s}`)
        .join(' · '),
      ''
    )
    lines.push(
      '| Severity | Area | Location | Finding |',
      '| --- | --- | --- | --- |'
    )
    for (const finding of valid) {
      const range = finding.end_line
        ? `${finding.line}-${finding.end_line}`
        : `${finding.line}`
      lines.push(
        `| ${finding.severity} | ${finding.area} | ${code(`${finding.path}:${range}`)} | ${cell(finding.title)} |`
      )
    }
    lines.push('')
    for (const finding of valid) {
      const range = finding.end_line
        ? `${finding.line}-${finding.end_line}`
        : `${finding.line}`
      lines.push(
        `<details><summary><b>${escapeHtml(finding.severity)}</b> · ${escapeHtml(finding.area)} · ${escapeHtml(finding.path)}:${range} — ${escapeHtml(finding.title)}</summary>`,
        '',
        escapeHtml(finding.problem),
        '',
        `**Recommendation:** ${escapeHtml(finding.recommendation)}`,
        '',
        `Confidence ${finding.confidence.toFixed(2)}`,
        '</details>',
        ''
      )
    }
  }
  if (invalid.length > 0) {
    lines.push(
      `${invalid.length} finding(s) the model reported could not be validated; they are in the findings output, marked invalid.`,
      ''
    )
  }
  const unfinished = review.passes.filter((p) => p.status !== 'complete')
  if (unfinished.length > 0) {
    lines.push(
      '### Passes that did not complete',
      '',
      '| Unit | Area | Status | Why |',
      '| --- | --- | --- | --- |'
    )
    for (const pass of unfinished)
      lines.push(
        `| ${pass.unit} | ${pass.area} | ${pass.status} | ${cell(pass.reason ?? '')} |`
      )
    lines.push('')
  }
  const usage = review.usage
  lines.push(
    '### Run',
    '',
    `- Agent \`${review.agent}\` with tools ${review.grantedTools.join(', ') || 'none'}${review.withheldTools.length ? `; withheld (not read-only): ${review.withheldTools.join(', ')}` : ''}; files read from ${review.filesOrigin}.`,
    `- Model \`${review.model}\`: ${review.passes.length} passes, ${review.turns} turns, ${review.toolCalls} tool calls.`,
    `- Tokens: ${fmt(usage.input)} input, ${fmt(usage.cacheWrite)} cache-write, ${fmt(usage.cacheRead)} cache-read, ${fmt(usage.output)} output → ${review.costUsd === undefined ? 'cost unknown for this model' : `$${review.costUsd.toFixed(4)}`}.`,
    ''
  )
  return lines.join('\n')
}

function fmt(n: number): string {
  return n.toLocaleString('en-US')
}
