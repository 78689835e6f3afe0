/**
 * The context engine against hunks of real repositories labelled by hand
 * (eval/context-labels.json): for each hunk, what a reviewer needs — the
 * whole enclosing definition, the definitions its changed lines call in
 * other files, the callers of the changed definition, the tests that
 * exercise it — and whether the unit's gathered context (or its own diff)
 * shows each. Any source tree can be measured (`--src`), so the same
 * labels score the engine before and after a change.
 *
 *   npm run eval:context -- [--src <src folder>] [--repos <folder of clones>] [--write]
 *
 * The clones are made once (README in EVAL.md); nothing here uses the network.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

interface Location {
  path: string
  line: number
}
interface HunkLabel {
  file: string
  /** The changed line the hunk is about. */
  line: number
  note: string
  enclosing: { start: number; end: number }
  callees: Location[]
  callers: Location[]
  tests: string[]
}
interface RangeLabel {
  /** Labelled after the engine was tuned on the others: a check that it was not tuned to them. */
  heldOut?: boolean
  repo: string
  /** The clone's folder under --repos. */
  dir: string
  language: string
  base: string
  head: string
  hunks: HunkLabel[]
}

type Kind = 'enclosing' | 'callees' | 'callers' | 'tests'
const KINDS: Kind[] = ['enclosing', 'callees', 'callers', 'tests']
/** Found by the gathered context, only in the unit's own diff, or not at all. */
type Verdict = 'context' | 'diff' | 'missing'

const ROOT = resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : fallback
}
const SRC = resolve(option('--src', join(ROOT, 'src')))
const REPOS = resolve(option('--repos', '/tmp'))
const LABELS = resolve(
  option('--labels', join(ROOT, 'eval/context-labels.json'))
)
const BUDGET = 12_000

const load = async <T>(module: string): Promise<T> =>
  (await import(pathToFileURL(join(SRC, module)).href)) as T

/** What a unit's context and diff show: numbered lines per file, and `path:line` mentions. */
interface Shown {
  lines: Map<string, Set<number>>
  mentions: Map<string, Set<number>>
  paths: Set<string>
  diff: Map<string, Set<number>>
}

const add = (map: Map<string, Set<number>>, path: string, line: number) => {
  const set = map.get(path) ?? new Set<number>()
  set.add(line)
  map.set(path, set)
}

/** Reads the context's sections back: `## title` then a fenced body. */
function readContext(text: string, shown: Shown): void {
  for (const section of text.split(/\n(?=## )/)) {
    const title = /^## (.*)$/m.exec(section)?.[1]
    if (!title) continue
    // A section of one file's lines: its title starts with the path.
    const path = /^([^\s:(]+\.[\w]+)(?::| \()/.exec(title)?.[1]
    for (const row of section.split('\n')) {
      const numbered = /^\s*(\d+)\t/.exec(row)
      if (numbered && path) add(shown.lines, path, Number(numbered[1]))
      const mention = /^([^\s:]+\.[\w]+):(\d+)[: ]/.exec(row)
      if (mention) {
        add(shown.mentions, mention[1], Number(mention[2]))
        shown.paths.add(mention[1])
      }
      const bare = /^([^\s:]+\.[\w]+)$/.exec(row.trim())
      if (bare) shown.paths.add(bare[1])
    }
    if (path) shown.paths.add(path)
  }
}

const has = (map: Map<string, Set<number>>, l: Location): boolean =>
  map.get(l.path)?.has(l.line) ?? false

function judge(hunk: HunkLabel, shown: Shown): Record<Kind, Verdict[]> {
  const either = (ok: boolean, inDiff: boolean): Verdict =>
    ok ? 'context' : inDiff ? 'diff' : 'missing'
  // A long definition counts when its signature, the changed region and its end are shown.
  const { start, end } = hunk.enclosing
  const needed = [start, end]
  for (
    let l = Math.max(start, hunk.line - 3);
    l <= Math.min(end, hunk.line + 3);
    l++
  )
    needed.push(l)
  if (end - start < 150) for (let l = start; l <= end; l++) needed.push(l)
  const shownAt = (l: number) =>
    has(shown.lines, { path: hunk.file, line: l }) ||
    has(shown.diff, { path: hunk.file, line: l })
  const enclosing = needed.every(shownAt)
  const enclosingByDiff = needed.every((l) =>
    has(shown.diff, { path: hunk.file, line: l })
  )
  return {
    enclosing: [enclosing ? (enclosingByDiff ? 'diff' : 'context') : 'missing'],
    callees: hunk.callees.map((c) =>
      either(has(shown.lines, c), has(shown.diff, c))
    ),
    callers: hunk.callers.map((c) =>
      either(has(shown.mentions, c) || has(shown.lines, c), has(shown.diff, c))
    ),
    tests: hunk.tests.map((t) => either(shown.paths.has(t), shown.diff.has(t)))
  }
}

interface Row {
  heldOut: boolean
  repo: string
  language: string
  hunk: HunkLabel
  verdicts: Record<Kind, Verdict[]>
  unitTokens: number
}

async function measure(range: RangeLabel): Promise<Row[]> {
  const dir = join(REPOS, range.dir)
  const { parseGitDiff } = await load<
    typeof import('../src/diff/git-diff-parser.js')
  >('diff/git-diff-parser.ts')
  const { planReview } = await load<
    typeof import('../src/plan/review-plan.js')
  >('plan/review-plan.ts')
  const { openGitFiles } = await load<
    typeof import('../src/repository/git-files.js')
  >('repository/git-files.ts')
  const { Sandbox } =
    await load<typeof import('../src/tools/sandbox.js')>('tools/sandbox.ts')
  const { gatherContext } = await load<
    typeof import('../src/context/gather-context.js')
  >('context/gather-context.ts')
  const diff = execFileSync(
    'git',
    [
      '-C',
      dir,
      'diff',
      '--no-color',
      '--no-ext-diff',
      '-M',
      range.base,
      range.head
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }
  )
  const plan = planReview(parseGitDiff(diff), [], 40_000)
  const files = (await openGitFiles(dir, range.head))!
  const tools = { files, sandbox: new Sandbox(dir) }
  const rows: Row[] = []
  const contexts = new Map<string, Awaited<ReturnType<typeof gatherContext>>>()
  for (const hunk of range.hunks) {
    const unit = plan.units.find((u) =>
      u.files.some((f) => f.file.path === hunk.file)
    )
    if (!unit)
      throw new Error(`${range.repo} ${range.head}: ${hunk.file} is in no unit`)
    let context = contexts.get(unit.id)
    if (!context) {
      contexts.set(
        unit.id,
        (context = await gatherContext(unit, tools, BUDGET))
      )
      audit(context)
    }
    const shown: Shown = {
      lines: new Map(),
      mentions: new Map(),
      paths: new Set(),
      diff: new Map()
    }
    for (const entry of plan.units.flatMap((u) => u.files)) {
      shown.diff.set(entry.file.path, new Set())
      for (const h of entry.hunks)
        for (const row of h.lines)
          if (row.newLine !== undefined)
            add(shown.diff, entry.file.path, row.newLine)
    }
    readContext(context.text, shown)
    rows.push({
      heldOut: range.heldOut === true,
      repo: range.repo,
      language: range.language,
      hunk,
      verdicts: judge(hunk, shown),
      unitTokens: context.tokens
    })
  }
  return rows
}

/** Over every unit measured: sections, the same title or body twice, units over the budget, and the names searched for uses. */
const audited = {
  units: 0,
  sections: 0,
  duplicates: 0,
  overBudget: 0,
  searched: new Set<string>()
}

function audit(context: {
  text: string
  included: string[]
  tokens: number
}): void {
  audited.units++
  audited.sections += context.included.length
  audited.duplicates += context.included.length - new Set(context.included).size
  const bodies = context.text
    .split(/\n(?=## )/)
    .slice(1)
    .map((s) => s.slice(s.indexOf('\n')))
  audited.duplicates += bodies.length - new Set(bodies).size
  if (context.tokens > BUDGET) audited.overBudget++
  for (const title of context.included) {
    const name =
      /^(?:Uses of|Tests that use|Still used after .* removed it:) (\S+ \S+)/.exec(
        title
      )?.[1]
    if (name) audited.searched.add(name)
  }
}

function share(
  rows: Row[],
  kind: Kind
): { found: number; byContext: number; total: number } {
  const all = rows.flatMap((r) => r.verdicts[kind])
  return {
    found: all.filter((v) => v !== 'missing').length,
    byContext: all.filter((v) => v === 'context').length,
    total: all.length
  }
}

function report(rows: Row[], label: string): string {
  const cell = (s: { found: number; byContext: number; total: number }) =>
    s.total === 0
      ? '–'
      : `${s.found}/${s.total} (${Math.round((100 * s.found) / s.total)}%; ${s.byContext} by context)`
  const languages = [...new Set(rows.map((r) => r.language))].sort()
  const out = [
    `### ${label}`,
    '',
    `| | ${KINDS.join(' | ')} |`,
    `| --- |${KINDS.map(() => ' ---: |').join('')}`,
    `| **all** (${rows.length} hunks) | ${KINDS.map((k) => cell(share(rows, k))).join(' | ')} |`,
    ...[true, false].map((held) => {
      const mine = rows.filter((r) => r.heldOut === held)
      return `| ${held ? 'held out' : 'labelled first'} (${mine.length}) | ${KINDS.map((k) => cell(share(mine, k))).join(' | ')} |`
    }),
    ...languages.map((language) => {
      const mine = rows.filter((r) => r.language === language)
      return `| ${language} (${mine.length}) | ${KINDS.map((k) => cell(share(mine, k))).join(' | ')} |`
    }),
    '',
    `Largest unit context: ${Math.max(...rows.map((r) => r.unitTokens)).toLocaleString('en-US')} tokens (budget ${BUDGET.toLocaleString('en-US')}).`
  ]
  return out.join('\n')
}

function missed(rows: Row[]): string {
  const lines: string[] = []
  for (const row of rows)
    for (const kind of KINDS) {
      const labels =
        kind === 'enclosing'
          ? [row.hunk.enclosing]
          : (row.hunk[kind] as unknown[])
      row.verdicts[kind].forEach((v, i) => {
        if (v === 'missing')
          lines.push(
            `- ${row.repo} \`${row.hunk.file}:${row.hunk.line}\` — ${kind}: ${JSON.stringify(labels[i])}`
          )
      })
    }
  return lines.join('\n')
}

const ranges = JSON.parse(readFileSync(LABELS, 'utf8')) as RangeLabel[]
const rows: Row[] = []
for (const range of ranges) rows.push(...(await measure(range)))
const label = option('--label', SRC === join(ROOT, 'src') ? 'This tree' : SRC)
console.log(report(rows, label))
console.log(
  `\n${audited.units} units: ${audited.sections} sections, ${audited.duplicates} twice, ${audited.overBudget} over the budget.\nNames whose uses are shown: ${[...audited.searched].sort().join(', ')}.`
)
console.log(`\nMissing:\n${missed(rows) || '- none'}`)
if (args.includes('--json'))
  writeFileSync(option('--json', ''), JSON.stringify(rows, null, 2))
