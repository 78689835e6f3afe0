/** Tests for src/cli/show-context.ts: a unit's context printed with what went in and what was left out. */
import { describe, expect, it } from 'vitest'
import { renderContexts } from '../src/cli/show-context.js'

describe('renderContexts', () => {
  it('lists per unit what went in and why, what was left out, then the text', () => {
    const text = renderContexts([
      {
        unit: 'unit-1',
        files: ['src/orders.ts'],
        tokens: 1234,
        included: ['src/db.ts (imported by src/orders.ts)'],
        omitted: ['uses of findOrder (3 files)'],
        text: '# Context gathered for this unit\n'
      },
      {
        unit: 'unit-2',
        files: ['a.md'],
        tokens: 0,
        included: [],
        omitted: [],
        text: ''
      }
    ])
    expect(text).toContain(
      '## unit-1 context: ≈1,234 tokens\n\nFiles of the unit: `src/orders.ts`\n\n### Included\n\n- src/db.ts (imported by src/orders.ts)\n'
    )
    expect(text).toContain(
      '### Left out for lack of room (the model can Read them)\n\n- uses of findOrder (3 files)\n'
    )
    expect(text).toContain('### As the reviewer sees it\n\n# Context gathered')
    expect(text).toContain('## unit-2 context: ≈0 tokens')
    expect(text.split('### As the reviewer sees it')).toHaveLength(2)
  })
})
