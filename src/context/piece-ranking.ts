/**
 * The order a unit's context is spent in: every piece by a personalised
 * PageRank over the unit's reference graph (as Aider's repository map
 * ranks definitions): the
 * changed definitions are the personalisation (see personalisation); a piece links to the changed definitions it is about (a callee
 * to the definition that calls it, as often as it does; a caller list to
 * the definition it calls), and a changed definition to its file.
 */
import type { Piece } from './context-piece.js'

export interface Edge {
  from: string
  to: string
  weight: number
}

const DAMPING = 0.85
/** Iterations stop when the ranks move less than this in all (L1), or at the most. */
const TOLERANCE = 1e-10
const MAX_ITERATIONS = 200

/**
 * PageRank over an undirected weighted graph, teleporting to `personal`
 * (weights, normalised here); a node without edges gives its rank back to
 * the personalisation. Ranks sum to 1.
 */
export function personalisedPageRank(
  edges: readonly Edge[],
  personal: ReadonlyMap<string, number>
): Map<string, number> {
  const links = new Map<string, Map<string, number>>()
  const link = (a: string, b: string, w: number): void => {
    const out = links.get(a) ?? new Map<string, number>()
    out.set(b, (out.get(b) ?? 0) + w)
    links.set(a, out)
  }
  for (const { from, to, weight } of edges)
    if (weight > 0 && from !== to) {
      link(from, to, weight)
      link(to, from, weight)
    }
  const nodes = new Set([...links.keys(), ...personal.keys()])
  const total = [...personal.values()].reduce((a, b) => a + b, 0)
  const teleport = new Map<string, number>()
  for (const node of nodes)
    teleport.set(
      node,
      total > 0 ? (personal.get(node) ?? 0) / total : 1 / nodes.size
    )
  let rank = new Map(teleport)
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const next = new Map<string, number>()
    let dangling = 0
    for (const node of nodes) {
      const out = links.get(node)
      const r = rank.get(node) ?? 0
      if (!out) {
        dangling += r
        continue
      }
      const sum = [...out.values()].reduce((a, b) => a + b, 0)
      for (const [to, w] of out)
        next.set(to, (next.get(to) ?? 0) + (DAMPING * r * w) / sum)
    }
    const back = 1 - DAMPING + DAMPING * dangling
    let moved = 0
    for (const node of nodes) {
      next.set(node, (next.get(node) ?? 0) + back * teleport.get(node)!)
      moved += Math.abs(next.get(node)! - (rank.get(node) ?? 0))
    }
    rank = next
    if (moved < TOLERANCE) break
  }
  return rank
}

/** A changed definition's node: `path#name`; a changed file's: its path. */
export const definitionNode = (path: string, name: string): string =>
  `${path}#${name}`

/**
 * Where the walk restarts: each changed file gets a share that grows with
 * the square root of its changed lines (a 200-line test does not drown a
 * 3-line fix), times its kind's weight (a test's is lower), split among its
 * changed definitions by their changed lines.
 */
export function personalisation(
  changed: ReadonlyMap<string, ChangedNode>
): Map<string, number> {
  const totals = new Map<string, number>()
  for (const { path, lines } of changed.values())
    totals.set(path, (totals.get(path) ?? 0) + lines)
  const personal = new Map<string, number>()
  for (const [node, { path, lines, weight }] of changed) {
    const total = totals.get(path)!
    personal.set(node, (weight * Math.sqrt(total) * lines) / total)
  }
  return personal
}

/** A changed definition (or file) of the unit: its file, changed lines, and its kind's weight. */
export interface ChangedNode {
  path: string
  lines: number
  weight: number
}

/**
 * The pieces in the order the budget takes them: by rank, weighed down by
 * how far their kind is from the change (a changed function's own code
 * before its callees, a callee before a related file), best first; ties
 * in the order gathered.
 */
export function rankPieces(
  pieces: readonly Piece[],
  changed: ReadonlyMap<string, ChangedNode>
): Piece[] {
  const edges: Edge[] = []
  const personal = new Map<string, number>()
  for (const [node, weight] of personalisation(changed)) {
    personal.set(node, weight)
    edges.push({ from: node, to: changed.get(node)!.path, weight: 1 })
  }
  pieces.forEach((piece, i) => {
    for (const about of piece.about ?? [])
      edges.push({ from: `piece:${i}`, to: about.node, weight: about.weight })
  })
  const rank = personalisedPageRank(edges, personal)
  const score = pieces.map(
    (piece, i) => (rank.get(`piece:${i}`) ?? 0) / (1 + piece.priority)
  )
  return pieces
    .map((_, i) => i)
    .sort((a, b) => score[b] - score[a] || a - b)
    .map((i) => pieces[i])
}
