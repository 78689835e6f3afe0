import { byRank, openFindings } from '../findings/ledger.js'
import type { LedgerFinding } from '../findings/ledger.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import {
  capped,
  findingItem,
  headline,
  location,
  ROWS,
  unfinishedTable
} from '../report/review-report.js'
import { dependencySection } from '../report/dependency-diagram.js'
import { walkthroughSection } from '../report/walkthrough-section.js'
import { code } from '../text/markdown.js'
import { safeInline } from '../text/sanitize.js'
import { SEVERITIES } from '../vocabulary/severity.js'
import { MAX_BODY_CHARS, severityLabel } from './comment-body.js'
import { stateLine, SUMMARY_MARKER } from './markers.js'

export interface SummaryInput {
  outcome: ReviewOutcome
  /** Sentences for the top (where the configuration came from, what could not be posted). */
  notices: readonly string[]
  secrets?: readonly string[]
}

/**
 * The one summary comment of this action on a PR: the marker on its first
 * line, the sealed state on its last, and between them only text in which
 * every PR-controlled string is escaped.
 */
export function renderSummary(
  input: SummaryInput,
  sealedState: string
): string {
  const { outcome } = input
  const secrets = input.secrets ?? []
  const open = openFindings(outcome.ledger).sort(byRank)
  const lines: string[] = [
    SUMMARY_MARKER,
    '## architect-review',
    '',
    headline(outcome),
    '',
    ...walkthroughSection(outcome, secrets)
  ]
  if (open.length > 0) lines.push(...countTable(open))
  lines.push(...dependencySection(outcome.structure))
  for (const notice of input.notices) lines.push(`> ${notice}`, '')
  lines.push(...summaryListed(open, secrets))
  lines.push(...closedFindings(outcome.ledger.findings, secrets))
  lines.push(...unfinishedTable(outcome.unfinished, secrets))
  lines.push(...skippedFiles(outcome))
  lines.push(...footer(outcome))
  const state = stateLine(sealedState)
  let body = lines.join('\n')
  const room = MAX_BODY_CHARS - state.length - 100
  if (body.length > room)
    body = `${body.slice(0, room)}\n\n… (truncated; the findings output has everything)`
  return `${body}\n${state}`
}

function countTable(open: readonly LedgerFinding[]): string[] {
  const rows = new Map<string, Record<string, number>>()
  for (const f of open) {
    const row =
      rows.get(f.areas[0]) ?? Object.fromEntries(SEVERITIES.map((s) => [s, 0]))
    row[f.severity]++
    rows.set(f.areas[0], row)
  }
  const commented = open.filter((f) => f.placement === 'commented').length
  const inline = open.filter((f) => f.placement === 'inline').length
  return [
    `${inline} commented inline now, ${commented} commented before, ${open.length - inline - commented} listed below.`,
    '',
    `| Area | ${SEVERITIES.join(' | ')} |`,
    `| --- | ${SEVERITIES.map(() => '---:').join(' | ')} |`,
    ...[...rows].map(
      ([area, row]) =>
        `| ${area} | ${SEVERITIES.map((s) => row[s] || '·').join(' | ')} |`
    ),
    ''
  ]
}

/** Open findings shown here rather than inline. */
function summaryListed(
  open: readonly LedgerFinding[],
  secrets: readonly string[]
): string[] {
  const below = open.filter((f) => f.placement === 'summary')
  if (below.length === 0) return []
  const lines = [
    '### Not posted inline',
    '',
    '| Severity | Areas | Location | Finding | Why |',
    '| --- | --- | --- | --- | --- |',
    ...capped(
      below,
      (f) =>
        `| ${severityLabel(f.severity)} | ${f.areas.join(', ')} | ${location(f)} | ${safeInline(f.title, secrets)} | ${safeInline(why(f), secrets)} |`,
      (others) => `| … | | | ${others.length} more in the findings output | |`
    ),
    ''
  ]
  for (const f of below.slice(0, ROWS)) {
    if (f.problem === undefined) continue
    lines.push(
      `<details><summary>${safeInline(f.title, secrets)} (${location(f)})</summary>`,
      '',
      safeInline(f.problem, secrets),
      '',
      `**Recommendation:** ${safeInline(f.recommendation ?? '', secrets)}`,
      '</details>',
      ''
    )
  }
  return lines
}

function why(f: LedgerFinding): string {
  if (f.origin === 'carried')
    return `reported at ${f.head.slice(0, 12)}; its files were not reviewed again`
  return f.reason ?? ''
}

function closedFindings(
  findings: readonly LedgerFinding[],
  secrets: readonly string[]
): string[] {
  const lines: string[] = []
  const list = (
    status: LedgerFinding['status'],
    title: string,
    detail: boolean
  ): void => {
    const listed = findings.filter((f) => f.status === status)
    if (listed.length === 0) return
    lines.push(
      detail
        ? `<details><summary>${listed.length} ${title}</summary>`
        : `### ${title[0].toUpperCase()}${title.slice(1)}`,
      ''
    )
    lines.push(
      ...capped(
        listed,
        (f) => findingItem(f, secrets, status === 'resolved'),
        (others) => `- … and ${others.length} more`
      )
    )
    lines.push('', ...(detail ? ['</details>', ''] : []))
  }
  list('resolved', 'resolved since the last review', false)
  list('dismissed', 'dismissed by reviewers', false)
  list('dropped', 'finding(s) dropped by verification', true)
  const filtered = findings.filter((f) => f.status === 'filtered').length
  if (filtered > 0)
    lines.push(
      `<sub>${filtered} finding(s) below min-severity or min-confidence are in the findings output only.</sub>`,
      ''
    )
  return lines
}

function skippedFiles(outcome: ReviewOutcome): string[] {
  const skipped = outcome.planned.plan.skipped
  if (skipped.length === 0) return []
  return [
    `<details><summary>${skipped.length} file(s) not reviewed</summary>`,
    '',
    '| File | Reason |',
    '| --- | --- |',
    ...capped(
      skipped,
      (s) => `| ${code(s.path)} | ${safeInline(s.reason)} |`,
      (others) => `| … | ${others.length} more in the job summary |`
    ),
    '',
    '</details>',
    ''
  ]
}

/**
 * One short line in <sub> (GitHub's CSS gives sub a line height of 0: a
 * wrapped one overlaps itself), the run's details folded below it.
 */
function footer(outcome: ReviewOutcome): string[] {
  if (outcome.kind === 'restated')
    return [
      `<sub>Restated without a review${outcome.restated.lastReview ? ` · last review \`${outcome.restated.lastReview.slice(0, 12)}\`` : ''}</sub>`,
      '',
      `<details><summary>Run details</summary>\n\n- Model: ${code(outcome.model)}\n</details>`
    ]
  const u = outcome.usage
  const fmt = (n: number): string => n.toLocaleString('en-US')
  const cost =
    outcome.costUsd === undefined
      ? 'cost unknown'
      : `$${outcome.costUsd.toFixed(4)}`
  return [
    `<sub>Reviewed \`${outcome.headSha.slice(0, 12)}\` · ${cost}</sub>`,
    '',
    '<details><summary>Run details</summary>',
    '',
    `- Head: \`${outcome.headSha}\``,
    `- Scope: ${outcome.scope?.description ?? 'plan only'}`,
    `- Model: ${code(outcome.model)} · ${outcome.turns} turns`,
    `- Tokens: ${fmt(u.input + u.cacheWrite + u.cacheRead)} input (${fmt(u.cacheRead)} from cache), ${fmt(u.output)} output`,
    `- Cost: ${cost}${outcome.verification?.costUsd !== undefined ? ` (verification $${outcome.verification.costUsd.toFixed(4)})` : ''}`,
    `- Tools: ${outcome.grantedTools.join(', ') || 'none'}` +
      `${outcome.withheldTools.length ? ` (withheld: ${outcome.withheldTools.join(', ')})` : ''}` +
      `${outcome.unavailableTools.length ? ` (unavailable: ${outcome.unavailableTools.join(', ')})` : ''}`,
    '',
    '</details>'
  ]
}
