import { SEVERITIES } from '../agents/agent.js'
import type { SkippedFile } from '../diff/file-selection.js'
import { code } from '../plan/plan-report.js'
import type { PassResult } from '../review/review-pass.js'
import type { TokenUsage } from '../review/usage.js'
import { MAX_BODY_CHARS, severityLabel } from './comment-body.js'
import { stateMarker, SUMMARY_MARKER } from './markers.js'
import type { ReviewState, StateFinding } from './markers.js'
import { isOpen } from './reconcile.js'
import type { PublishedFinding } from './reconcile.js'
import { safeInline } from './sanitize.js'

export interface SummaryInput {
  headSha: string
  findings: PublishedFinding[]
  /** Findings of earlier runs that this run no longer sees. */
  resolved: StateFinding[]
  /** Findings carried from the last run for units not reviewed again. */
  carried: StateFinding[]
  invalidCount: number
  skipped: readonly SkippedFile[]
  unfinishedPasses: PassResult[]
  model: string
  turns: number
  usage: TokenUsage
  costUsd?: number
  withheldTools: string[]
  /** e.g. "reviewed 2 of 5 units changed since abc1234". */
  scope: string
  /** Comments that could not be posted inline and why (422, no permission). */
  notices: string[]
  secrets?: readonly string[]
}

/** Rows per table before the rest is counted instead of listed. */
const ROWS = 50

/** The one summary comment of this action on a PR, with its state marker. */
export function renderSummary(input: SummaryInput): string {
  const secrets = input.secrets ?? []
  const open = input.findings.filter(isOpen)
  const lines: string[] = [SUMMARY_MARKER, '## architect-review', '']
  const total = open.length + input.carried.length
  if (total === 0) {
    lines.push(`No findings at \`${input.headSha.slice(0, 12)}\`.`, '')
  } else {
    const by = (d: string): number =>
      open.filter((f) => f.disposition === d).length
    lines.push(
      `**${total} finding${total === 1 ? '' : 's'}** at \`${input.headSha.slice(0, 12)}\`: ${by('inline')} commented inline now, ${by('posted-before') + input.carried.length} commented before, ${by('summary')} listed below.`,
      ''
    )
    lines.push(...countTable(open, input.carried))
  }
  for (const notice of input.notices) lines.push(`> ${notice}`, '')

  const below = open.filter((f) => f.disposition === 'summary')
  if (below.length > 0) {
    lines.push(
      '### Not posted inline',
      '',
      '| Severity | Areas | Location | Finding | Why |',
      '| --- | --- | --- | --- | --- |'
    )
    for (const f of below.slice(0, ROWS)) {
      lines.push(
        `| ${severityLabel(f.severity)} | ${f.areas.join(', ')} | ${code(`${f.path}:${f.line}`)} | ${safeInline(f.title, secrets)} | ${f.reason ?? ''} |`
      )
    }
    if (below.length > ROWS)
      lines.push(
        `| … | | | ${below.length - ROWS} more in the findings output | |`
      )
    lines.push('')
    for (const f of below.slice(0, ROWS)) {
      lines.push(
        `<details><summary>${safeInline(f.title, secrets)} (${code(`${f.path}:${f.line}`)})</summary>`,
        '',
        safeInline(f.problem, secrets),
        '',
        `**Recommendation:** ${safeInline(f.recommendation, secrets)}`,
        '</details>',
        ''
      )
    }
  }
  if (input.resolved.length > 0) {
    lines.push('### Resolved since the last review', '')
    for (const f of input.resolved.slice(0, ROWS))
      lines.push(
        `- ~~${safeInline(f.title, secrets)}~~ (${code(`${f.path}:${f.line}`)})`
      )
    if (input.resolved.length > ROWS)
      lines.push(`- … and ${input.resolved.length - ROWS} more`)
    lines.push('')
  }
  const filtered = input.findings.filter((f) => f.disposition === 'filtered')
  const dropped = input.findings.filter((f) => f.disposition === 'dropped')
  if (dropped.length > 0) {
    lines.push(
      `<details><summary>${dropped.length} finding(s) dropped by verification</summary>`,
      ''
    )
    for (const f of dropped.slice(0, ROWS))
      lines.push(
        `- ${safeInline(f.title, secrets)} (${code(`${f.path}:${f.line}`)}): ${safeInline(f.verification?.reason ?? '', secrets)}`
      )
    lines.push('', '</details>', '')
  }
  if (filtered.length > 0 || input.invalidCount > 0) {
    lines.push(
      `<sub>${filtered.length} finding(s) below min-severity or min-confidence and ${input.invalidCount} the model could not report validly are in the findings output only.</sub>`,
      ''
    )
  }
  if (input.unfinishedPasses.length > 0) {
    lines.push(
      '### Passes that did not complete',
      '',
      '| Unit | Area | Status | Why |',
      '| --- | --- | --- | --- |'
    )
    for (const p of input.unfinishedPasses.slice(0, ROWS))
      lines.push(
        `| ${p.unit} | ${p.area} | ${p.status} | ${safeInline(p.reason ?? '', secrets)} |`
      )
    lines.push('')
  }
  if (input.skipped.length > 0) {
    lines.push(
      `<details><summary>${input.skipped.length} file(s) not reviewed</summary>`,
      '',
      '| File | Reason |',
      '| --- | --- |'
    )
    for (const s of input.skipped.slice(0, ROWS))
      lines.push(`| ${code(s.path)} | ${s.reason} |`)
    if (input.skipped.length > ROWS)
      lines.push(
        `| … | ${input.skipped.length - ROWS} more in the job summary |`
      )
    lines.push('', '</details>', '')
  }
  const u = input.usage
  lines.push(
    `<sub>Reviewed \`${input.headSha}\` · ${input.scope} · model \`${input.model}\` · ${input.turns} turns · ` +
      `${fmt(u.input + u.cacheWrite + u.cacheRead)} input tokens (${fmt(u.cacheRead)} from cache), ${fmt(u.output)} output · ` +
      `${input.costUsd === undefined ? 'cost unknown' : `$${input.costUsd.toFixed(4)}`}` +
      `${input.withheldTools.length ? ` · tools withheld: ${input.withheldTools.join(', ')}` : ''}</sub>`
  )
  const state = stateMarker(buildState(input))
  let body = lines.join('\n')
  const room = MAX_BODY_CHARS - state.length - 100
  if (body.length > room)
    body = `${body.slice(0, room)}\n\n… (truncated; the findings output has everything)`
  return `${body}\n${state}`
}

function countTable(
  open: PublishedFinding[],
  carried: StateFinding[]
): string[] {
  const rows = new Map<string, Record<string, number>>()
  const add = (area: string, severity: string): void => {
    const row =
      rows.get(area) ?? Object.fromEntries(SEVERITIES.map((s) => [s, 0]))
    row[severity] = (row[severity] ?? 0) + 1
    rows.set(area, row)
  }
  for (const f of open) add(f.areas[0], f.severity)
  for (const f of carried) add(f.areas[0], f.severity)
  return [
    `| Area | ${SEVERITIES.join(' | ')} |`,
    `| --- | ${SEVERITIES.map(() => '---:').join(' | ')} |`,
    ...[...rows].map(
      ([area, row]) =>
        `| ${area} | ${SEVERITIES.map((s) => row[s] || '·').join(' | ')} |`
    ),
    ''
  ]
}

/** The findings the next run needs: what is open now, newest first, within a size budget. */
function buildState(input: SummaryInput): ReviewState {
  const current: StateFinding[] = input.findings.filter(isOpen).map((f) => ({
    fp: f.fingerprint,
    path: f.path,
    line: f.anchor?.line ?? f.line,
    severity: f.severity,
    areas: f.areas,
    title: f.title.slice(0, 160),
    disposition: f.disposition
  }))
  const all = [...current, ...input.carried]
  const state: ReviewState = { v: 1, head: input.headSha, findings: all }
  // Base64 grows by a third; keep the marker under ~24k characters.
  while (JSON.stringify(state).length > 18_000 && state.findings.length > 0) {
    state.findings = state.findings.slice(
      0,
      Math.floor(state.findings.length * 0.8)
    )
    state.partial = true
  }
  return state
}

function fmt(n: number): string {
  return n.toLocaleString('en-US')
}
