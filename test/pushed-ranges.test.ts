/** Tests for src/cli/pushed-ranges.ts: what of a push the hook reviews, from git's pre-push lines. */
import { afterAll, describe, expect, it } from 'vitest'
import { createGitFixture } from '../dev/git-fixture.js'
import { openGitRepository } from '../src/git/git-repository.js'
import { pushedRanges } from '../src/cli/pushed-ranges.js'

const ZERO = '0'.repeat(40)

describe('pushedRanges', () => {
  const repo = createGitFixture()
  repo.write('a.ts', 'a\n')
  const base = repo.commit('base')
  repo.git('branch', 'origin-main', base)
  repo.git('update-ref', 'refs/remotes/origin/main', base)
  repo.write('b.ts', 'b\n')
  const one = repo.commit('one')
  repo.write('c.ts', 'c\n')
  const two = repo.commit('two')
  repo.git('checkout', '-q', '-b', 'other', base)
  repo.write('d.ts', 'd\n')
  const elsewhere = repo.commit('elsewhere')
  afterAll(() => repo.cleanup())

  const line = (local: string, remote: string, ref = 'refs/heads/main') =>
    `refs/heads/x ${local} ${ref} ${remote}`

  it('a branch moving forward: exactly the commits pushed', async () => {
    const git = await openGitRepository(repo.dir)
    expect(await pushedRanges(git, 'origin', line(two, one))).toEqual([
      {
        ref: 'refs/heads/main',
        base: one,
        head: two,
        why: `${one.slice(0, 12)}..${two.slice(0, 12)}, the commits this push adds`
      }
    ])
  })

  it('a new branch and a force-push: what the branch adds to the remote’s default branch', async () => {
    const git = await openGitRepository(repo.dir)
    const [created, forced] = await pushedRanges(
      git,
      'origin',
      [line(two, ZERO), line(elsewhere, two)].join('\n')
    )
    expect(created).toMatchObject({ base: 'origin/main', head: two })
    expect(created.why).toMatch(/^a new branch: /)
    expect(forced).toMatchObject({ base: 'origin/main', head: elsewhere })
    expect(forced.why).toMatch(/^a force-push: /)
  })

  it('deletions, tags and other refs are not reviewed; blank lines are ignored', async () => {
    const git = await openGitRepository(repo.dir)
    const ranges = await pushedRanges(
      git,
      'origin',
      [
        line(ZERO, two),
        '',
        line(two, ZERO, 'refs/tags/v1'),
        line(two, ZERO, 'refs/notes/commits')
      ].join('\n')
    )
    expect(ranges.map((r) => r.skip)).toEqual([
      'a deletion',
      'a tag',
      'not a branch'
    ])
  })
})
