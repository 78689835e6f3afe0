/**
 * The modules a change touches and the imports between them, drawn
 * without the model: a Mermaid flowchart (GitHub renders it in comments)
 * with the edges the change adds and removes marked, and the same as a
 * plain list for readers without the picture. Module names are paths a PR
 * writes: labels keep only path characters.
 */
import type { StructureView } from '../context/structure/structure-review.js'
import { code } from '../text/markdown.js'

/** A path as a Mermaid label: path characters only, and not too long. */
const label = (module: string): string => {
  const safe = module.replace(/[^\w./@+-]/g, '_')
  return safe.length > 60 ? `…${safe.slice(-59)}` : safe
}

const ARROWS = {
  added: '==>|added|',
  removed: '-.->|removed|',
  kept: '-->'
} as const

/** The Mermaid source of the picture. */
export function mermaidFlowchart(view: StructureView): string {
  const id = new Map(view.modules.map((m, i) => [m, `m${i}`]))
  return [
    'flowchart LR',
    ...view.modules.map((m) => `  ${id.get(m)}["${label(m)}"]`),
    ...view.edges.map(
      (e) => `  ${id.get(e.from)} ${ARROWS[e.state]} ${id.get(e.to)}`
    )
  ].join('\n')
}

/** The summary's section: the picture and the list; nothing when there is nothing to draw. */
export function dependencySection(view: StructureView | undefined): string[] {
  if (!view || (view.edges.length === 0 && view.modules.length < 2)) return []
  const count = (state: string): number =>
    view.edges.filter((e) => e.state === state).length
  return [
    '### Dependencies',
    '',
    `${view.modules.length} module(s) this change touches or imports, ${view.edges.length} import edge(s) between them at the head: ${count('added')} added, ${count('removed')} removed.`,
    '',
    '```mermaid',
    mermaidFlowchart(view),
    '```',
    '',
    '<details><summary>The same as a list</summary>',
    '',
    ...view.edges.map(
      (e) =>
        `- ${code(e.from)} → ${code(e.to)}${e.state === 'kept' ? '' : ` (${e.state})`}`
    ),
    ...(view.edges.length === 0 ? ['- no imports between them'] : []),
    '',
    '</details>',
    ''
  ]
}
