/**
 * The top of the summary: the walkthrough (model text, made safe like any
 * finding's prose) and the reviewed files, one line each, folded when
 * there are more than FILES_SHOWN.
 */
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import { code } from '../text/markdown.js'
import { safeProse } from '../text/sanitize.js'

export const FILES_SHOWN = 8

export function walkthroughSection(
  outcome: ReviewOutcome,
  secrets: readonly string[] = []
): string[] {
  const w = outcome.walkthrough
  if (!w) return []
  const lines = ['### Walkthrough', '']
  if (w.text) {
    lines.push(safeProse(w.text, secrets), '')
    if (w.head !== outcome.headSha)
      lines.push(`<sub>Written for \`${w.head.slice(0, 12)}\`.</sub>`, '')
  } else
    lines.push(
      `No walkthrough this time: ${w.missing ?? 'none was written'}.`,
      ''
    )
  const files = outcome.planned.plan.units.flatMap((u) =>
    u.files.map((f) => f.file)
  )
  const unique = [...new Map(files.map((f) => [f.path, f])).values()]
  if (unique.length === 0) return lines
  const rows = unique.map((f) => {
    const counts = f.hunks.flatMap((h) => h.lines)
    const added = counts.filter((r) => r.kind === 'add').length
    const removed = counts.filter((r) => r.kind === 'del').length
    return `| ${code(f.path)} | ${f.status}${f.previousPath ? ` from ${code(f.previousPath)}` : ''} | +${added} −${removed} |`
  })
  const table = [
    '| File | Change | Lines |',
    '| --- | --- | ---: |',
    ...rows,
    ''
  ]
  if (unique.length <= FILES_SHOWN) return [...lines, ...table]
  return [
    ...lines,
    `<details><summary>${unique.length} files reviewed</summary>`,
    '',
    ...table,
    '</details>',
    ''
  ]
}
