/** Tests for src/context/context-piece.ts: pieces fitted into a unit's budget. */
import { describe, expect, it } from 'vitest'
import { fitBudget } from '../src/context/context-piece.js'
import type { Piece } from '../src/context/context-piece.js'

const changed = new Map([['a.ts#f', { path: 'a.ts', lines: 2, weight: 1 }]])

describe('fitBudget', () => {
  it('shows lines once: a piece inside lines already shown is left out, not listed as omitted', () => {
    const pieces: Piece[] = [
      {
        title: 'b.ts: class Store (lines 1-30)',
        body: 'class Store { … }',
        priority: 0.4,
        about: [{ node: 'a.ts#f', weight: 2 }],
        covers: [{ path: 'b.ts', start: 1, end: 30 }]
      },
      {
        title: 'b.ts: method save (lines 4-9)',
        body: 'save() { … }',
        priority: 0.4,
        about: [{ node: 'a.ts#f', weight: 1 }],
        covers: [{ path: 'b.ts', start: 4, end: 9 }]
      },
      {
        title: 'c.ts: function other (lines 4-9)',
        body: 'class Store { … }',
        priority: 2,
        about: [{ node: 'a.ts#f', weight: 1 }]
      }
    ]
    const context = fitBudget(pieces, 10_000, changed)
    expect(context.included).toEqual(['b.ts: class Store (lines 1-30)'])
    expect(context.omitted).toEqual([])
  })

  it('names what does not fit, with its path, and stays inside the budget', () => {
    const big = 'x'.repeat(4_000)
    const context = fitBudget(
      [
        { title: 'a.ts: function f (lines 1-9)', body: 'f', priority: 0 },
        {
          title: 'd.ts: function huge (lines 1-400)',
          body: big,
          priority: 0.4,
          about: [{ node: 'a.ts#f', weight: 1 }]
        }
      ],
      200,
      changed
    )
    expect(context.included).toEqual(['a.ts: function f (lines 1-9)'])
    expect(context.omitted).toEqual(['d.ts: function huge (lines 1-400)'])
    expect(context.tokens).toBeLessThanOrEqual(200)
    expect(context.text).toContain(
      'Not included for lack of room (use the tools if you need them):\n- d.ts: function huge (lines 1-400)'
    )
  })
})
