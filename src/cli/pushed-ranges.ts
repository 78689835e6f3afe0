import type { GitRepository } from '../git/git-repository.js'

/** One ref of a push, and what of it to review. */
export interface PushedRange {
  /** The remote ref, for messages. */
  ref: string
  base: string
  head: string
  /** What the range is, in words. */
  why: string
  /** Why nothing of it is reviewed (a deletion, a tag). */
  skip?: string
}

const ZERO = /^0+$/

/**
 * The ranges a push sends, from the lines git gives a pre-push hook on
 * standard input (`<local ref> <local sha> <remote ref> <remote sha>`):
 * remote SHA..local SHA for a branch that moves forward; for a new branch
 * or a force-push, what the branch adds to the remote's default branch;
 * nothing for a deletion or a tag.
 */
export async function pushedRanges(
  repo: GitRepository,
  remote: string,
  input: string
): Promise<PushedRange[]> {
  const ranges: PushedRange[] = []
  for (const line of input.split('\n')) {
    const [, localSha, remoteRef, remoteSha] = line.trim().split(/\s+/)
    if (!remoteRef || !localSha || !remoteSha) continue
    const skip = skipped(localSha, remoteRef)
    if (skip) {
      ranges.push({ ref: remoteRef, base: '', head: localSha, why: '', skip })
      continue
    }
    if (!ZERO.test(remoteSha) && (await repo.isAncestor(remoteSha, localSha))) {
      ranges.push({
        ref: remoteRef,
        base: remoteSha,
        head: localSha,
        why: `${remoteSha.slice(0, 12)}..${localSha.slice(0, 12)}, the commits this push adds`
      })
      continue
    }
    const base = await repo.defaultBase(remote)
    ranges.push({
      ref: remoteRef,
      base,
      head: localSha,
      why: `${ZERO.test(remoteSha) ? 'a new branch' : 'a force-push'}: what ${localSha.slice(0, 12)} adds to ${base}`
    })
  }
  return ranges
}

function skipped(localSha: string, remoteRef: string): string | undefined {
  if (ZERO.test(localSha)) return 'a deletion'
  if (remoteRef.startsWith('refs/tags/')) return 'a tag'
  if (!remoteRef.startsWith('refs/heads/')) return 'not a branch'
  return undefined
}
