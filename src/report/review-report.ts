import { byRank, countOpen, openFindings } from '../findings/ledger.js'
import { dependencySection } from './dependency-diagram.js'
import { walkthroughSection } from './walkthrough-section.js'
import type { LedgerFinding } from '../findings/ledger.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import { code } from '../text/markdown.js'
import { safeInline, safeProse } from '../text/sanitize.js'
import { passName } from '../vocabulary/pass.js'
import type { PassOutcome } from '../vocabulary/pass.js'
import { SEVERITIES } from '../vocabulary/severity.js'

/** Rows per table before the rest is counted instead of listed. */
export const ROWS = 50

/**
 * The first sentence of every report of a run. A review with passes that
 * did not complete never says "No findings": it says what did not complete.
 */
export function headline(outcome: ReviewOutcome): string {
  const at = `\`${outcome.headSha.slice(0, 12)}\``
  const counts = countOpen(outcome.ledger)
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  const found =
    total === 0
      ? 'no open findings'
      : `**${total} open finding${total === 1 ? '' : 's'}** (${SEVERITIES.filter(
          (s) => counts[s] > 0
        )
          .map((s) => `${counts[s]} ${s}`)
          .join(' · ')})`
  if (outcome.kind === 'planned')
    return `Not reviewed at ${at}: the plan is below.`
  if (outcome.kind === 'restated')
    return outcome.restated.lastReview === undefined
      ? 'Not reviewed yet.'
      : `${found[0].toUpperCase()}${found.slice(1)} as of the review at \`${outcome.restated.lastReview.slice(0, 12)}\` (restated; no review ran).`
  if (outcome.unfinished.length > 0) {
    const passes = outcome.passes.length
    return `**Review incomplete** at ${at}: ${outcome.unfinished.length} of ${passes} pass${passes === 1 ? '' : 'es'} did not complete (listed below) and are reviewed again by the next run; ${found} in what was reviewed.`
  }
  return total === 0
    ? `No open findings at ${at}.`
    : `${found[0].toUpperCase()}${found.slice(1)} at ${at}.`
}

/** The first ROWS items rendered, then (with `rest`) one line for the others. */
export function capped<T>(
  items: readonly T[],
  render: (item: T) => string,
  rest?: (others: readonly T[]) => string
): string[] {
  const lines = items.slice(0, ROWS).map(render)
  if (rest && items.length > ROWS) lines.push(rest(items.slice(ROWS)))
  return lines
}

/** A finding that is not open, as a list item: its title, where it is and why. */
export function findingItem(
  f: LedgerFinding,
  secrets: readonly string[],
  struck = false
): string {
  const title = safeInline(f.title, secrets)
  return struck
    ? `- ~~${title}~~ (${location(f)})`
    : `- ${title} (${location(f)}): ${safeInline(f.reason ?? '', secrets)}`
}

/** Where a finding is, as a table cell. */
export function location(f: LedgerFinding): string {
  const start = f.anchor?.startLine ?? f.anchor?.line ?? f.line
  const end = f.anchor?.line ?? f.end_line ?? f.line
  return code(`${f.path}:${end > start ? `${start}-${end}` : start}`)
}

/**
 * The review as Markdown for the job summary and the CLI: every distinct
 * finding once. `local` (the CLI): no pull request, so no column saying
 * where each finding was shown on it.
 */
export function renderReview(
  outcome: ReviewOutcome,
  secrets: readonly string[] = [],
  options: { local?: boolean } = {}
): string {
  const lines: string[] = [
    '## architect-review findings',
    '',
    headline(outcome),
    '',
    ...walkthroughSection(outcome, secrets)
  ]
  const open = openFindings(outcome.ledger).sort(byRank)
  if (open.length > 0)
    lines.push(...openTable(open, secrets, options.local === true))
  lines.push(...dependencySection(outcome.structure))
  lines.push(...otherFindings(outcome, secrets))
  lines.push(...unfinishedTable(outcome.unfinished, secrets))
  lines.push(...runSection(outcome))
  return lines.join('\n')
}

function openTable(
  open: LedgerFinding[],
  secrets: readonly string[],
  local: boolean
): string[] {
  const row = (f: LedgerFinding): string => {
    const cells = `| ${f.severity} | ${f.areas.join(', ')} | ${location(f)} | ${safeInline(f.title, secrets)}`
    if (!local) return `${cells} | ${safeInline(shown(f), secrets)} |`
    return `${cells}${f.origin === 'carried' ? ' (found by an earlier review)' : ''} |`
  }
  const lines = [
    local
      ? '| Severity | Areas | Location | Finding |'
      : '| Severity | Areas | Location | Finding | Shown |',
    local ? '| --- | --- | --- | --- |' : '| --- | --- | --- | --- | --- |',
    ...capped(
      open,
      row,
      (others) =>
        `| … | | | ${others.length} more in the findings output |${local ? '' : ' |'}`
    ),
    ''
  ]
  for (const f of open.slice(0, ROWS)) {
    if (f.problem === undefined) continue
    lines.push(
      `<details><summary><b>${f.severity}</b> · ${f.areas.join(', ')} · ${safeProse(f.path, secrets)} — ${safeProse(f.title, secrets)}</summary>`,
      '',
      safeProse(f.problem, secrets),
      '',
      `**Recommendation:** ${safeProse(f.recommendation ?? '', secrets)}`,
      '',
      `Confidence ${f.confidence.toFixed(2)}`,
      '</details>',
      ''
    )
  }
  return lines
}

/** How an open finding is shown on the pull request. */
export function shown(f: LedgerFinding): string {
  const origin = f.origin === 'carried' ? ', from an earlier run' : ''
  switch (f.placement) {
    case 'inline':
      return `inline${origin}`
    case 'commented':
      return `commented before${origin}`
    default:
      return `in the summary${f.reason ? ` (${f.reason})` : ''}${origin}`
  }
}

function otherFindings(
  outcome: ReviewOutcome,
  secrets: readonly string[]
): string[] {
  const lines: string[] = []
  const with_ = (status: LedgerFinding['status']): LedgerFinding[] =>
    outcome.ledger.findings.filter((f) => f.status === status)
  const sections: Array<[LedgerFinding['status'], string]> = [
    ['resolved', 'resolved since the last review'],
    ['dismissed', 'dismissed by reviewers'],
    ['dropped', 'dropped by verification'],
    ['filtered', 'below min-severity or min-confidence']
  ]
  for (const [status, title] of sections) {
    const listed = with_(status)
    if (listed.length === 0) continue
    lines.push(
      `<details><summary>${listed.length} finding(s) ${title}</summary>`,
      ''
    )
    lines.push(...capped(listed, (f) => findingItem(f, secrets)))
    lines.push('', '</details>', '')
  }
  if (outcome.ledger.invalid.length > 0)
    lines.push(
      `${outcome.ledger.invalid.length} report(s) the model could not get right are in the findings output, marked invalid.`,
      ''
    )
  return lines
}

/** The passes that did not complete, with why. */
export function unfinishedTable(
  passes: readonly PassOutcome[],
  secrets: readonly string[]
): string[] {
  if (passes.length === 0) return []
  return [
    '### Passes that did not complete',
    '',
    '| Unit | Area | Status | Why |',
    '| --- | --- | --- | --- |',
    ...capped(
      passes,
      (p) =>
        `| ${p.unit} | ${p.area} | ${p.status} | ${safeInline(p.reason ?? '', secrets)} |`,
      (others) =>
        `| … | | | ${others.length} more: ${others.slice(0, 3).map(passName).join(', ')}, … |`
    ),
    ''
  ]
}

function runSection(outcome: ReviewOutcome): string[] {
  const u = outcome.usage
  const v = outcome.verification
  const cost = (c: number | undefined): string =>
    c === undefined ? 'cost unknown for this model' : `$${c.toFixed(4)}`
  return [
    '### Run',
    '',
    `- Agent ${code(outcome.agent)} with tools ${outcome.grantedTools.join(', ') || 'none'}${outcome.withheldTools.length ? `; withheld (not read-only): ${outcome.withheldTools.join(', ')}` : ''}${outcome.unavailableTools.length ? `; unavailable without the head's git objects: ${outcome.unavailableTools.join(', ')}` : ''}${outcome.filesOrigin ? `; files read from ${outcome.filesOrigin}` : ''}.`,
    ...(outcome.scope ? [`- Scope: ${outcome.scope.description}.`] : []),
    `- Model ${code(outcome.model)}: ${outcome.passes.length} passes, ${outcome.turns} turns, ${outcome.toolCalls} tool calls.`,
    ...(v
      ? [
          `- Verification (${code(v.model)}): ${v.checked} finding(s) checked, ${v.dropped} dropped${v.failed > 0 ? `, ${v.failed} not verified (the verification failed or did not run; those findings are kept unverified)` : ''}; ${fmt(v.usage.input + v.usage.cacheWrite + v.usage.cacheRead)} input and ${fmt(v.usage.output)} output tokens → ${cost(v.costUsd)}.`
        ]
      : []),
    `- Tokens: ${fmt(u.input)} input, ${fmt(u.cacheWrite)} cache-write, ${fmt(u.cacheRead)} cache-read, ${fmt(u.output)} output → ${cost(outcome.costUsd)}.`,
    ''
  ]
}

function fmt(n: number): string {
  return n.toLocaleString('en-US')
}
