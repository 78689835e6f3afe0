/** Tests for src/cli/local-reviews.ts: reviews remembered under .git, found for a head or its nearest ancestor. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createGitFixture } from '../dev/git-fixture.js'
import { openLocalReviews } from '../src/cli/local-reviews.js'
import type { RunState } from '../src/findings/run-state.js'
import { openGitRepository } from '../src/git/git-repository.js'

const stateAt = (head: string): RunState => ({
  v: 2,
  head,
  coverage: [],
  findings: [],
  dismissed: []
})

/** A repository of three commits, one per test: no test sees another's reviews. */
function threeCommits() {
  const repo = createGitFixture()
  repos.push(repo)
  repo.write('a.ts', 'a\n')
  const h1 = repo.commit('one')
  repo.write('b.ts', 'b\n')
  const h2 = repo.commit('two')
  repo.write('a.ts', 'a2\n')
  const h3 = repo.commit('three')
  return { repo, h1, h2, h3 }
}
const repos: Array<ReturnType<typeof createGitFixture>> = []

describe('openLocalReviews', () => {
  afterAll(() => repos.forEach((r) => r.cleanup()))

  it('finds the review of the head, else of its nearest reviewed ancestor, with what changed since', async () => {
    const { repo, h1, h2, h3 } = threeCommits()
    const reviews = await openLocalReviews(await openGitRepository(repo.dir))
    expect(await reviews.nearest(h3)).toBeUndefined()
    await reviews.remember(stateAt(h1))
    await reviews.remember(stateAt(h2))
    const nearest = await reviews.nearest(h3)
    expect(nearest?.state.head).toBe(h2)
    expect(await nearest!.changedSince(h2)).toEqual(['a.ts'])
    expect(await nearest!.changedSince(h1)).toEqual(['a.ts', 'b.ts'])
    expect((await reviews.nearest(h2))?.state.head).toBe(h2)
    // Kept under the git directory, never in the working tree.
    expect(repo.git('status', '--porcelain')).toBe('')
  })

  it('takes no state it did not seal itself, and forgets on request', async () => {
    const { repo, h1, h3 } = threeCommits()
    const git = await openGitRepository(repo.dir)
    const reviews = await openLocalReviews(git)
    await reviews.remember(stateAt(h1))
    await reviews.remember(stateAt(h3))
    const file = join(
      await git.gitPath('architect-review'),
      'reviews',
      `${h3}.state`
    )
    const token = readFileSync(file, 'utf8').trim()
    writeFileSync(
      file,
      token.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
    )
    expect((await reviews.nearest(h3))?.state.head).not.toBe(h3)
    expect(await reviews.forget()).toBe(2)
    expect(await reviews.nearest(h3)).toBeUndefined()
  })
})
