import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openState, sealState } from '../findings/run-state.js'
import type { RunState, StateSeal } from '../findings/run-state.js'
import type { GitRepository } from '../git/git-repository.js'
import { unlessCode } from '../errors.js'

/** Reviews kept at most; the oldest go first. */
export const MAX_LOCAL_REVIEWS = 100

/** An earlier local review of `head` or of one of its ancestors. */
export interface EarlierLocalReview {
  state: RunState
  /** Files changed between that review's head and `head`. */
  changedSince(reviewed: string): Promise<string[]>
}

/**
 * What the CLI reviewed in this repository, kept under the git directory
 * (never pushed, never read from a change): one sealed run state per
 * reviewed head, as the action keeps one in its summary comment. A second
 * review of the same commits then runs no pass and reports the open
 * findings again; one more commit makes due only what it changed.
 */
export interface LocalReviews {
  /** The review of `head`, or else of its nearest reviewed ancestor. */
  nearest(head: string): Promise<EarlierLocalReview | undefined>
  remember(state: RunState): Promise<void>
  /** Forgets every review; how many there were. */
  forget(): Promise<number>
}

export async function openLocalReviews(
  repo: GitRepository
): Promise<LocalReviews> {
  const dir = await repo.gitPath('architect-review')
  const reviews = join(dir, 'reviews')
  const seal = async (): Promise<StateSeal> => ({
    secret: await localKey(dir),
    scope: 'architect-review local reviews'
  })
  const stored = async (): Promise<string[]> =>
    (await readdir(reviews).catch(unlessCode('ENOENT', [] as string[])))
      .filter((name) => /^[0-9a-f]{40,64}\.state$/.test(name))
      .map((name) => name.slice(0, -'.state'.length))
  const read = async (head: string): Promise<RunState | undefined> => {
    const token = await readFile(join(reviews, `${head}.state`), 'utf8')
    const opened = openState(token.trim(), await seal())
    return opened.ok && opened.state.head === head ? opened.state : undefined
  }
  return {
    async nearest(head) {
      const reviewed = await nearestAncestor(repo, head, await stored())
      const state = reviewed && (await read(reviewed))
      if (!state) return undefined
      return { state, changedSince: (from) => repo.changedPaths(from, head) }
    },
    async remember(state) {
      await mkdir(reviews, { recursive: true })
      const token = sealState(state, await seal())
      await writeFile(join(reviews, `${state.head}.state`), `${token}\n`)
      await prune(reviews, await stored())
    },
    async forget() {
      const count = (await stored()).length
      await rm(reviews, { recursive: true, force: true })
      return count
    }
  }
}

/** Ancestors looked through for an earlier review (one git call). */
const MAX_ANCESTORS = 10_000

/** The reviewed commit closest to `head` among its ancestors (itself first). */
async function nearestAncestor(
  repo: GitRepository,
  head: string,
  reviewed: readonly string[]
): Promise<string | undefined> {
  if (reviewed.length === 0) return undefined
  const known = new Set(reviewed)
  return (await repo.ancestors(head, MAX_ANCESTORS)).find((sha) =>
    known.has(sha)
  )
}

/** The key that seals local states, made once per repository. */
async function localKey(dir: string): Promise<string> {
  const path = join(dir, 'key')
  const existing = await readFile(path, 'utf8').catch(unlessCode('ENOENT', ''))
  if (existing) return existing.trim()
  await mkdir(dir, { recursive: true })
  const key = randomBytes(32).toString('hex')
  // 'wx': two runs at once keep whichever key was written first.
  await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(
    unlessCode('EEXIST', undefined)
  )
  return (await readFile(path, 'utf8')).trim()
}

async function prune(reviews: string, heads: readonly string[]): Promise<void> {
  if (heads.length <= MAX_LOCAL_REVIEWS) return
  const dated = await Promise.all(
    heads.map(async (head) => ({
      head,
      at: (await stat(join(reviews, `${head}.state`))).mtimeMs
    }))
  )
  dated.sort((a, b) => a.at - b.at)
  for (const { head } of dated.slice(0, heads.length - MAX_LOCAL_REVIEWS))
    await rm(join(reviews, `${head}.state`), { force: true })
}
