/**
 * The results folder's report: this reviewer's figures (overall, by area,
 * severity and language; cost, tokens and time per PR; what each PR's
 * findings matched and missed, to audit), next to the published tools'
 * where the set has them, with an SVG scatter of precision against recall.
 */
import type { CaseResult, Figures, RunConfig } from './benchmark-scoring.js'
import { byDimension, overall } from './benchmark-scoring.js'

export interface PublishedPoint {
  tool: string
  precision: number
  recall: number
  f1: number
}

const pct = (x: number | undefined): string =>
  x === undefined ? '–' : (100 * x).toFixed(1)
const usd = (x: number): string => `$${x.toFixed(4)}`

function figureRow(name: string, f: Figures): string {
  return `| ${name} | ${f.findings} | ${f.matchedFindings} | ${f.labels || '–'} | ${f.labels ? f.matchedLabels : '–'} | ${pct(f.precision)} | ${pct(f.recall)} | ${pct(f.f1)} |`
}

const HEADER = [
  '| | Findings | Matched | Labels | Found | Precision | Recall | F1 |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
]

export function renderReport(
  results: readonly CaseResult[],
  config: RunConfig,
  published: { judge: string; points: PublishedPoint[] } | undefined
): string {
  return [
    ...summary(results, config),
    ...dimensions(results),
    ...(published ? sideBySide(overall(results), config, published) : []),
    ...perPr(results),
    ...audit(results)
  ].join('\n')
}

function summary(results: readonly CaseResult[], config: RunConfig): string[] {
  const scored = results.filter((r) => r.status === 'scored').length
  const cost = results.reduce(
    (s, r) => s + r.review.costUsd + r.judge.costUsd,
    0
  )
  return [
    `# architect-review on the ${config.set} set`,
    '',
    `Reviewer \`${config.reviewer}\` with \`${config.model}\`; judge \`${config.judgeModel}\` (${config.judgePrompt}); set at \`${config.setCommit.slice(0, 12)}\`. ${scored} PRs scored, ${results.length - scored} failed (not counted; listed below). Cost ${usd(cost)}.`,
    '',
    ...HEADER,
    figureRow('**all**', overall(results)),
    ''
  ]
}

function dimensions(results: readonly CaseResult[]): string[] {
  const lines: string[] = []
  for (const dimension of ['area', 'severity', 'language'] as const) {
    lines.push(`## By ${dimension}`, '', ...HEADER)
    for (const [key, f] of byDimension(results, dimension))
      lines.push(figureRow(key, f))
    if (dimension === 'area')
      lines.push(
        '',
        'Labels carry no area: "Found" counts the labels each area’s findings matched.'
      )
    lines.push('')
  }
  return lines
}

function sideBySide(
  ours: Figures,
  config: RunConfig,
  published: { judge: string; points: PublishedPoint[] }
): string[] {
  const approximate = published.judge.includes(config.judgeModel)
    ? ''
    : ` This run's judge is \`${config.judgeModel}\`, theirs \`${published.judge}\`: the comparison is approximate.`
  const points = [
    {
      tool: '**architect-review (this run)**',
      precision: ours.precision ?? 0,
      recall: ours.recall ?? 0,
      f1: ours.f1 ?? 0
    },
    ...published.points
  ]
  return [
    '## Side by side with the published tools',
    '',
    `Published figures: micro-averaged over the set's 50 PRs, judged by \`${published.judge}\` (the set's dashboard).${approximate}`,
    '',
    '| Tool | Precision | Recall | F1 |',
    '| --- | ---: | ---: | ---: |',
    ...points
      .sort((a, b) => b.f1 - a.f1)
      .map(
        (p) =>
          `| ${p.tool} | ${pct(p.precision)} | ${pct(p.recall)} | ${pct(p.f1)} |`
      ),
    '',
    '![Precision against recall](scatter.svg)',
    ''
  ]
}

function perPr(results: readonly CaseResult[]): string[] {
  return [
    '## Per PR',
    '',
    '| PR | Language | Findings | Labels | Matched | Review cost | Judge cost | Tokens in/out | Wall time |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) =>
      r.status === 'failed'
        ? `| [${r.id}](${r.url}) | ${r.language} | failed: ${r.error ?? 'unknown'} | ${r.labels.length} | – | ${usd(r.review.costUsd)} | ${usd(r.judge.costUsd)} | – | – |`
        : `| [${r.id}](${r.url}) | ${r.language} | ${r.findings.length} | ${r.labels.length} | ${r.matches.length} | ${usd(r.review.costUsd)} | ${usd(r.judge.costUsd)} | ${r.review.inputTokens.toLocaleString('en-US')}/${r.review.outputTokens.toLocaleString('en-US')} | ${(r.review.wallMs / 1000).toFixed(1)} s |`
    ),
    ''
  ]
}

/** Per PR, each label found (by which finding) or missed, and each finding no label matched: for a person to check the judge. */
function audit(results: readonly CaseResult[]): string[] {
  const lines = ['## What matched and what was missed', '']
  for (const r of results.filter((x) => x.status === 'scored')) {
    lines.push(`### ${r.id}`, '')
    r.labels.forEach((label, i) => {
      const m = r.matches.find((x) => x.label === i)
      const where = label.path ? ` \`${label.path}:${label.fromLine}\`` : ''
      lines.push(
        m
          ? `- found (${m.confidence.toFixed(2)}): ${oneLine(label.text)}${where} ← ${oneLine(r.findings[m.finding].title)}`
          : `- missed: ${oneLine(label.text)}${where}`
      )
    })
    r.findings.forEach((f, i) => {
      if (!r.matches.some((m) => m.finding === i))
        lines.push(
          `- unmatched finding (${f.area}, ${f.severity}) \`${f.path}:${f.line}\`: ${oneLine(f.title)}`
        )
    })
    lines.push('')
  }
  return lines
}

const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Precision (y) against recall (x), 0–100%, each tool a labelled point; this run's in its own colour. */
export function renderScatter(
  ours: Figures,
  published: readonly PublishedPoint[]
): string {
  const size = 480
  const pad = 50
  const scale = (v: number): number => pad + v * (size - 2 * pad)
  const y = (v: number): number => size - scale(v)
  const point = (
    p: { tool: string; precision: number; recall: number },
    mine: boolean
  ): string =>
    `<circle cx="${scale(p.recall).toFixed(1)}" cy="${y(p.precision).toFixed(1)}" r="${mine ? 6 : 4}" fill="${mine ? '#d1242f' : '#0969da'}"/>` +
    `<text x="${(scale(p.recall) + 7).toFixed(1)}" y="${(y(p.precision) + 4).toFixed(1)}" font-size="11" fill="#1f2328">${escapeXml(p.tool)}</text>`
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line x1="${scale(t)}" y1="${y(0)}" x2="${scale(t)}" y2="${y(1)}" stroke="#d0d7de"/><line x1="${scale(0)}" y1="${y(t)}" x2="${scale(1)}" y2="${y(t)}" stroke="#d0d7de"/>` +
        `<text x="${scale(t)}" y="${y(0) + 16}" font-size="10" text-anchor="middle">${t * 100}%</text><text x="${scale(0) - 6}" y="${y(t) + 3}" font-size="10" text-anchor="end">${t * 100}%</text>`
    )
    .join('')
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" font-family="sans-serif">`,
    `<rect width="${size}" height="${size}" fill="#ffffff"/>`,
    ticks,
    `<text x="${size / 2}" y="${size - 8}" font-size="12" text-anchor="middle">Recall</text>`,
    `<text x="14" y="${size / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${size / 2})">Precision</text>`,
    ...published.map((p) => point(p, false)),
    point(
      {
        tool: 'architect-review',
        precision: ours.precision ?? 0,
        recall: ours.recall ?? 0
      },
      true
    ),
    '</svg>',
    ''
  ].join('\n')
}
