import { estimateTokens } from '../plan/token-estimate.js'
import { codeFence } from '../text/markdown.js'
import { rankPieces } from './piece-ranking.js'
import type { ChangedNode } from './piece-ranking.js'

/** Lines of a repository file, 1-based and inclusive. */
export interface LineRange {
  path: string
  start: number
  end: number
}

/** One section a unit's context may hold. */
export interface Piece {
  title: string
  body: string
  /** How far its kind is from the change: 0 is the change's own code, always first; higher weighs its rank down. */
  priority: number
  /** The changed definitions (`path#name`) or files (`path`) it is about, and how strongly (uses). */
  about?: Array<{ node: string; weight: number }>
  /** The lines of the repository it shows: a piece whose lines are all shown already is not repeated. */
  covers?: LineRange[]
}

/** What a unit's review starts with besides its diff. */
export interface GatheredContext {
  /** Markdown for the unit's cached prefix ('' when nothing was gathered). */
  text: string
  /** One line per excerpt that made it in. */
  included: string[]
  /** One line per excerpt left out for lack of budget. */
  omitted: string[]
  tokens: number
}

export const emptyContext = (): GatheredContext => ({
  text: '',
  included: [],
  omitted: [],
  tokens: 0
})

const within = (range: LineRange, shown: readonly LineRange[]): boolean =>
  shown.some(
    (s) => s.path === range.path && s.start <= range.start && range.end <= s.end
  )

/**
 * The pieces that fit the budget, best first (see rankPieces); a piece
 * whose lines or text are shown already goes in once; the rest are named,
 * with their paths, never dropped silently.
 */
export function fitBudget(
  pieces: readonly Piece[],
  budgetTokens: number,
  changed: ReadonlyMap<string, ChangedNode>
): GatheredContext {
  const included: string[] = []
  const omitted: string[] = []
  const sections: string[] = []
  const bodies = new Set<string>()
  const shown: LineRange[] = []
  let tokens = 0
  for (const piece of rankPieces(pieces, changed)) {
    if (bodies.has(piece.body)) continue
    if (piece.covers?.length && piece.covers.every((r) => within(r, shown)))
      continue
    bodies.add(piece.body)
    const section = `## ${piece.title}\n${codeFence(piece.body)}`
    const cost = estimateTokens(section)
    if (tokens + cost > budgetTokens) {
      omitted.push(piece.title)
      continue
    }
    tokens += cost
    included.push(piece.title)
    sections.push(section)
    shown.push(...(piece.covers ?? []))
  }
  if (sections.length === 0 && omitted.length === 0) return emptyContext()
  const header = [
    '# Context gathered for this unit',
    'Read before the review from the head commit (the same files your Read, Grep and Glob see), so you need not look these up again.'
  ]
  const tail =
    omitted.length > 0
      ? [
          `Not included for lack of room (use the tools if you need them):\n${omitted.map((o) => `- ${o}`).join('\n')}`
        ]
      : []
  return {
    text: [...header, ...sections, ...tail].join('\n\n'),
    included,
    omitted,
    tokens
  }
}
