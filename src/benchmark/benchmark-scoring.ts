/**
 * One PR's result as it is written to the results folder, and the
 * figures over many: precision (matched findings ÷ findings), recall
 * (matched labels ÷ labels) and F1, micro-averaged, overall and by area,
 * severity and language. A PR whose review or judge failed is counted
 * apart, never as "found nothing".
 */
import type { GoldenLabel } from './benchmark-sets.js'

export interface ScoredFinding {
  area: string
  severity: string
  path: string
  line: number
  endLine?: number
  title: string
  text: string
}

export interface CaseResult {
  id: string
  url: string
  title: string
  language: string
  base: string
  head: string
  /** What produced it: a result made under other settings is run again. */
  config: RunConfig
  status: 'scored' | 'failed'
  error?: string
  findings: ScoredFinding[]
  labels: GoldenLabel[]
  /** One-to-one: label index ↔ finding index, with the judge's confidence. */
  matches: Array<{ label: number; finding: number; confidence: number }>
  review: {
    costUsd: number
    inputTokens: number
    outputTokens: number
    wallMs: number
    passesNotRun: number
  }
  judge: { costUsd: number; requests: number }
}

/** Everything a result depends on besides the PR. */
export interface RunConfig {
  set: string
  setCommit: string
  reviewer: string
  model: string
  judgeModel: string
  judgePrompt: string
}

/** What a PR that did not run spent: nothing. */
export const NOTHING_SPENT: Pick<CaseResult, 'review' | 'judge'> = {
  review: {
    costUsd: 0,
    inputTokens: 0,
    outputTokens: 0,
    wallMs: 0,
    passesNotRun: 0
  },
  judge: { costUsd: 0, requests: 0 }
}

export const sameConfig = (a: RunConfig, b: RunConfig): boolean =>
  JSON.stringify(a) === JSON.stringify(b)

export interface Figures {
  findings: number
  matchedFindings: number
  labels: number
  matchedLabels: number
  precision?: number
  recall?: number
  f1?: number
}

function figures(
  findings: number,
  matchedFindings: number,
  labels: number,
  matchedLabels: number
): Figures {
  const precision = findings > 0 ? matchedFindings / findings : undefined
  const recall = labels > 0 ? matchedLabels / labels : undefined
  const f1 =
    precision !== undefined && recall !== undefined && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : undefined
  return {
    findings,
    matchedFindings,
    labels,
    matchedLabels,
    precision,
    recall,
    f1
  }
}

/** Micro-averaged over the scored results. */
export function overall(results: readonly CaseResult[]): Figures {
  const scored = results.filter((r) => r.status === 'scored')
  return figures(
    sum(scored, (r) => r.findings.length),
    sum(scored, (r) => r.matches.length),
    sum(scored, (r) => r.labels.length),
    sum(scored, (r) => r.matches.length)
  )
}

/**
 * Figures per value of a dimension. Area: findings only carry one, so
 * precision per area and the labels its findings matched. Severity:
 * precision by the finding's, recall by the label's (where the set has
 * them). Language: the PR's, both.
 */
export function byDimension(
  results: readonly CaseResult[],
  dimension: 'area' | 'severity' | 'language'
): Map<string, Figures> {
  const scored = results.filter((r) => r.status === 'scored')
  const rows = new Map<
    string,
    { f: number; mf: number; l: number; ml: number }
  >()
  const row = (key: string) => {
    let r = rows.get(key)
    if (!r) rows.set(key, (r = { f: 0, mf: 0, l: 0, ml: 0 }))
    return r
  }
  for (const result of scored) {
    const matchedFindings = new Set(result.matches.map((m) => m.finding))
    const matchedLabels = new Set(result.matches.map((m) => m.label))
    result.findings.forEach((finding, i) => {
      const key =
        dimension === 'language'
          ? result.language
          : dimension === 'area'
            ? finding.area
            : finding.severity
      row(key).f++
      if (matchedFindings.has(i)) row(key).mf++
    })
    result.labels.forEach((label, i) => {
      const finder = result.matches.find((m) => m.label === i)
      const key =
        dimension === 'language'
          ? result.language
          : dimension === 'area'
            ? finder && result.findings[finder.finding].area
            : label.severity
      if (key === undefined) return
      if (dimension !== 'area') row(key).l++
      if (matchedLabels.has(i)) row(key).ml++
    })
  }
  return new Map(
    [...rows]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, r]) => [key, figures(r.f, r.mf, r.l, r.ml)])
  )
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0)
}

/** Published precision and recall per tool, micro-averaged from Martian's dashboard for one judge. */
export function publishedFigures(
  dashboard: unknown,
  judge: string
): Array<{ tool: string; precision: number; recall: number; f1: number }> {
  const data = dashboard as {
    models?: Record<
      string,
      {
        prs?: Array<{
          tool_metrics?: Record<string, { tp: number; fp: number; fn: number }>
        }>
      }
    >
    tool_display_names?: Record<string, string>
  }
  const totals = new Map<string, { tp: number; fp: number; fn: number }>()
  for (const pr of data.models?.[judge]?.prs ?? [])
    for (const [tool, m] of Object.entries(pr.tool_metrics ?? {})) {
      const t = totals.get(tool) ?? { tp: 0, fp: 0, fn: 0 }
      totals.set(tool, { tp: t.tp + m.tp, fp: t.fp + m.fp, fn: t.fn + m.fn })
    }
  return [...totals]
    .map(([tool, t]) => {
      const precision = t.tp + t.fp > 0 ? t.tp / (t.tp + t.fp) : 0
      const recall = t.tp + t.fn > 0 ? t.tp / (t.tp + t.fn) : 0
      const f1 =
        precision + recall > 0
          ? (2 * precision * recall) / (precision + recall)
          : 0
      return {
        tool: data.tool_display_names?.[tool] ?? tool,
        precision,
        recall,
        f1
      }
    })
    .sort((a, b) => b.f1 - a.f1)
}
