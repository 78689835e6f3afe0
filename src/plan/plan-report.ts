import { code } from '../text/markdown.js'
import type { CostEstimate } from './cost-estimate.js'
import type { ReviewPlan } from './review-plan.js'
import { grammarOf, readByPatterns } from '../vocabulary/code-grammars.js'

/** What the plan report says about the change under review. */
export interface PlanSubject {
  /** e.g. "PR #12" or "main...HEAD". */
  title: string
  headSha: string
  /** Changed files the host did not list (GitHub stops at 3,000). */
  unlistedFiles: number
}

/** Rows per table before the rest is counted instead of listed, to keep summaries readable. */
export const TABLE_ROW_LIMIT = 100

/** Renders the review plan as Markdown for the job summary and the CLI. */
export function renderPlan(
  plan: ReviewPlan,
  estimate: CostEstimate,
  areas: readonly string[],
  subject: PlanSubject
): string {
  const lines: string[] = []
  lines.push(`## architect-review plan: ${subject.title}`, '')
  lines.push(
    `Head \`${subject.headSha.slice(0, 12)}\` · ${count(plan.totalFiles + subject.unlistedFiles, 'changed file')} · ` +
      `${count(plan.reviewedFiles, 'file')} to review in ${count(plan.units.length, 'unit')} · ` +
      `${count(plan.skipped.length + subject.unlistedFiles, 'skipped file')}`,
    ''
  )
  lines.push(
    `- Diff: ≈${formatNumber(plan.diffTokens)} tokens (at most ${formatNumber(plan.maxDiffTokens)} per unit)`,
    `- Areas: ${areas.join(', ')} → ${count(estimate.passes, 'pass', 'passes')}`,
    `- Estimate with ${code(estimate.model)}: ≈${formatNumber(estimate.inputTokens)} input, ` +
      `${formatNumber(estimate.cacheWriteTokens)} cache-write, ${formatNumber(estimate.cacheReadTokens)} cache-read, ` +
      `${formatNumber(estimate.outputTokens)} output tokens → ` +
      (estimate.costUsd === undefined
        ? 'cost unknown for this model'
        : `≈$${estimate.costUsd.toFixed(2)}`),
    ...contextReading(plan),
    ''
  )

  if (plan.units.length > 0) {
    lines.push(
      '### Review units',
      '',
      '| Unit | Files | Est. tokens |',
      '| --- | --- | ---: |'
    )
    for (const unit of plan.units.slice(0, TABLE_ROW_LIMIT)) {
      const files = unit.files
        .map(
          (entry) =>
            code(entry.file.path) +
            (entry.part
              ? ` (part ${entry.part.index}/${entry.part.count})`
              : '') +
            (entry.removal
              ? ` (removed, ${entry.removal.lines} lines: summarised)`
              : '')
        )
        .join(', ')
      lines.push(`| ${unit.id} | ${files} | ${formatNumber(unit.tokens)} |`)
    }
    if (plan.units.length > TABLE_ROW_LIMIT) {
      lines.push(`| … | ${plan.units.length - TABLE_ROW_LIMIT} more units | |`)
    }
    lines.push('')
  }

  if (plan.skipped.length > 0 || subject.unlistedFiles > 0) {
    lines.push('### Skipped files', '', '| File | Reason |', '| --- | --- |')
    for (const skipped of plan.skipped.slice(0, TABLE_ROW_LIMIT)) {
      lines.push(`| ${code(skipped.path)} | ${escapeCell(skipped.reason)} |`)
    }
    const rest = plan.skipped.slice(TABLE_ROW_LIMIT)
    if (rest.length > 0) {
      const byReason = new Map<string, number>()
      for (const skipped of rest)
        byReason.set(
          skipped.category,
          (byReason.get(skipped.category) ?? 0) + 1
        )
      const counts = [...byReason]
        .map(([category, n]) => `${n} ${category}`)
        .join(', ')
      lines.push(`| … ${count(rest.length, 'more file')} | ${counts} |`)
    }
    if (subject.unlistedFiles > 0) {
      lines.push(
        `| ${count(subject.unlistedFiles, 'file')} not listed | GitHub lists at most 3,000 files of a pull request |`
      )
    }
    lines.push('')
  }
  return lines.join('\n')
}

/**
 * How the context engine will read the reviewed code: with a parser per
 * language, or — for code with no bundled grammar — by patterns (scopes
 * only, no imports resolved), said so a reader knows why its context is thinner.
 */
function contextReading(plan: ReviewPlan): string[] {
  const paths = plan.units.flatMap((u) => u.files.map((f) => f.file.path))
  const parsed = new Set(paths.flatMap((p) => grammarOf(p) ?? []))
  const patterns = [...new Set(paths.filter(readByPatterns))]
  if (parsed.size === 0 && patterns.length === 0) return []
  const parts = [
    ...(parsed.size > 0 ? [`parsed (${[...parsed].sort().join(', ')})`] : []),
    ...(patterns.length > 0
      ? [
          `read by patterns, no grammar bundled: ${patterns
            .slice(0, 5)
            .map(code)
            .join(
              ', '
            )}${patterns.length > 5 ? ` and ${patterns.length - 5} more` : ''}`
        ]
      : [])
  ]
  return [`- Context: ${parts.join('; ')}`]
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`
}

function formatNumber(n: number): string {
  return n.toLocaleString('en-US')
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}
