import { gatherContext } from '../../src/context/gather-context.js'
import { parseGitDiff } from '../../src/diff/git-diff-parser.js'
import { planReview } from '../../src/plan/review-plan.js'
import { openGitFiles } from '../../src/repository/git-files.js'
import { Sandbox } from '../../src/tools/sandbox.js'
import { gitDiff } from '../../dev/git-fixture.js'
import type { GitFixture } from '../../dev/git-fixture.js'

/** The context of the first unit of the change base..head, within `budget` tokens, as a review run gathers it. */
export async function unitContext(
  repo: GitFixture,
  base: string,
  head: string,
  budget: number
) {
  const plan = planReview(parseGitDiff(gitDiff(repo, base, head)), [], 40_000)
  const files = (await openGitFiles(repo.dir, head))!
  return gatherContext(
    plan.units[0],
    { files, sandbox: new Sandbox(repo.dir) },
    budget
  )
}
