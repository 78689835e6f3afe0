/** Tests for src/report/dependency-diagram.ts: the Mermaid picture, checked by Mermaid's own parser, and its plain list. */
import { JSDOM } from 'jsdom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  dependencySection,
  mermaidFlowchart
} from '../src/report/dependency-diagram.js'
import type { StructureView } from '../src/context/structure/structure-review.js'

const view: StructureView = {
  depth: 2,
  modules: ['src/api', 'src/db', 'src/"evil`]<b>'],
  edges: [
    { from: 'src/api', to: 'src/db', state: 'kept' },
    { from: 'src/db', to: 'src/api', state: 'added' },
    { from: 'src/"evil`]<b>', to: 'src/db', state: 'removed' }
  ]
}

/** Mermaid's parser needs a DOM for its sanitiser: a window from jsdom, for this file only. */
let parse: (text: string) => Promise<unknown>
const globals = globalThis as { window?: unknown; document?: unknown }
beforeAll(async () => {
  const { window } = new JSDOM('')
  globals.window = window
  globals.document = window.document
  parse = (await import('mermaid')).default.parse
})
afterAll(() => {
  delete globals.window
  delete globals.document
})

describe('mermaidFlowchart', () => {
  it('draws each module once, added edges thick, removed ones dotted; a path a PR wrote keeps path characters only', () => {
    expect(mermaidFlowchart(view)).toBe(
      [
        'flowchart LR',
        '  m0["src/api"]',
        '  m1["src/db"]',
        '  m2["src/_evil___b_"]',
        '  m0 --> m1',
        '  m1 ==>|added| m0',
        '  m2 -.->|removed| m1'
      ].join('\n')
    )
  })

  it('is accepted by Mermaid’s own parser (what GitHub renders with), and a broken one is not', async () => {
    await expect(parse(mermaidFlowchart(view))).resolves.toMatchObject({
      diagramType: 'flowchart-v2'
    })
    await expect(
      parse('flowchart LR\n  m0["src/api]\n  m1 ==>|added m0\n')
    ).rejects.toThrow(/Parse error/)
  })
})

describe('dependencySection', () => {
  it('counts the edges, fences the picture and lists the same edges in text', () => {
    const text = dependencySection(view).join('\n')
    expect(text).toContain(
      '3 module(s) this change touches or imports, 3 import edge(s) between them at the head: 1 added, 1 removed.'
    )
    expect(text).toContain('```mermaid\nflowchart LR\n')
    expect(text).toContain('- `src/db` → `src/api` (added)')
    expect(text).toContain('- `src/api` → `src/db`\n')
  })

  it('draws nothing for one module without edges', () => {
    expect(
      dependencySection({ depth: 1, modules: ['src'], edges: [] })
    ).toEqual([])
    expect(dependencySection(undefined)).toEqual([])
  })
})
