/** Tests for src/context/piece-ranking.ts: the personalised PageRank and the order a unit's context is spent in. */
import { describe, expect, it } from 'vitest'
import {
  personalisation,
  personalisedPageRank,
  rankPieces
} from '../src/context/piece-ranking.js'
import type { Piece } from '../src/context/context-piece.js'

describe('personalisedPageRank', () => {
  it('matches the fixed point computed by hand on two linked nodes', () => {
    // A–B, all teleport to A: rA = 0.15 + 0.85·rB, rB = 0.85·rA → rA = 0.15/(1 − 0.85²) = 0.5405…
    const rank = personalisedPageRank(
      [{ from: 'A', to: 'B', weight: 1 }],
      new Map([['A', 1]])
    )
    expect(rank.get('A')).toBeCloseTo(0.15 / (1 - 0.85 ** 2), 6)
    expect(rank.get('B')).toBeCloseTo((0.85 * 0.15) / (1 - 0.85 ** 2), 6)
  })

  it('sums to one, and a heavier link draws more rank', () => {
    const rank = personalisedPageRank(
      [
        { from: 'changed', to: 'used-three-times', weight: 3 },
        { from: 'changed', to: 'used-once', weight: 1 }
      ],
      new Map([['changed', 1]])
    )
    const total = [...rank.values()].reduce((a, b) => a + b, 0)
    expect(total).toBeCloseTo(1, 9)
    expect(rank.get('used-three-times')! / rank.get('used-once')!).toBeCloseTo(
      3,
      6
    )
  })

  it('gives a node without links its teleport share and no more', () => {
    const rank = personalisedPageRank(
      [],
      new Map([
        ['a', 3],
        ['b', 1]
      ])
    )
    expect(rank.get('a')).toBeCloseTo(0.75, 9)
    expect(rank.get('b')).toBeCloseTo(0.25, 9)
  })
})

describe('rankPieces', () => {
  const piece = (
    title: string,
    priority: number,
    about: Piece['about'] = []
  ): Piece => ({ title, body: title, priority, about })

  it('spends the budget on the most changed definition’s own code first, then on what it uses most, then related files', () => {
    const changed = new Map([
      ['a.ts#big', { path: 'a.ts', lines: 9, weight: 1 }],
      ['a.ts#small', { path: 'a.ts', lines: 1, weight: 1 }]
    ])
    const order = rankPieces(
      [
        piece('callers of small', 2, [{ node: 'a.ts#small', weight: 1 }]),
        piece('scope of small', 0, [{ node: 'a.ts#small', weight: 3 }]),
        piece('callers of big', 2, [{ node: 'a.ts#big', weight: 1 }]),
        piece('scope of big', 0, [{ node: 'a.ts#big', weight: 3 }]),
        piece('callee used 3× by big', 0.4, [{ node: 'a.ts#big', weight: 3 }]),
        piece('callee used once by big', 0.4, [
          { node: 'a.ts#big', weight: 1 }
        ]),
        piece('related to a.ts', 3, [{ node: 'a.ts', weight: 1 }])
      ],
      changed
    ).map((p) => p.title)
    expect(order[0]).toBe('scope of big')
    // More changed lines draw a definition's pieces up; more uses weigh more.
    expect(order.indexOf('scope of big')).toBeLessThan(
      order.indexOf('scope of small')
    )
    expect(order.indexOf('callee used 3× by big')).toBeLessThan(
      order.indexOf('callee used once by big')
    )
    expect(order.indexOf('callers of big')).toBeLessThan(
      order.indexOf('callers of small')
    )
    // A file related by its name comes after everything the most changed definition brings.
    for (const title of [
      'scope of big',
      'callee used once by big',
      'callers of big'
    ])
      expect(order.indexOf(title)).toBeLessThan(
        order.indexOf('related to a.ts')
      )
  })
})

describe('personalisation', () => {
  it('gives each file a share growing with the square root of its changed lines, times its weight, split by definition', () => {
    const personal = personalisation(
      new Map([
        // A 3-line fix in the source…
        ['src/limit.go#skip', { path: 'src/limit.go', lines: 3, weight: 1 }],
        // …and a 300-line test of it, over two test functions.
        [
          'src/limit_test.go#TestA',
          { path: 'src/limit_test.go', lines: 200, weight: 0.2 }
        ],
        [
          'src/limit_test.go#TestB',
          { path: 'src/limit_test.go', lines: 100, weight: 0.2 }
        ]
      ])
    )
    // √3 = 1.73 for the fix; 0.2 × √300 = 3.46 for the test, split 2:1.
    expect(personal.get('src/limit.go#skip')).toBeCloseTo(Math.sqrt(3), 9)
    expect(personal.get('src/limit_test.go#TestA')).toBeCloseTo(
      (0.2 * Math.sqrt(300) * 2) / 3,
      9
    )
    expect(personal.get('src/limit_test.go#TestB')).toBeCloseTo(
      (0.2 * Math.sqrt(300)) / 3,
      9
    )
  })
})
