/** Tests for src/plan/plan-report.ts: the plan as the CLI and the job summary print it. */
import { describe, expect, it } from 'vitest'
import { parseGitDiff } from '../src/diff/git-diff-parser.js'
import { estimateCost } from '../src/plan/cost-estimate.js'
import { renderPlan } from '../src/plan/plan-report.js'
import { planReview } from '../src/plan/review-plan.js'

const added = (path: string, text: string): string =>
  [
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,1 @@`,
    `+${text}`,
    ''
  ].join('\n')

describe('renderPlan', () => {
  it('says which reviewed code is parsed and which is read by patterns for want of a grammar', () => {
    const plan = planReview(
      parseGitDiff(
        added('core/view.go', 'package core') +
          added('web/app.tsx', 'export const App = () => null') +
          added('db/001_init.sql', 'CREATE TABLE t (id int);') +
          added('jobs/Sync.scala', 'object Sync') +
          added('README.md', 'Docs')
      ),
      [],
      40_000
    )
    const text = renderPlan(
      plan,
      estimateCost(plan, 1, 'claude-sonnet-5-5', 8_000),
      ['api'],
      { title: 'PR #1', headSha: 'a'.repeat(40), unlistedFiles: 0 }
    )
    expect(text).toContain(
      '- Context: parsed (go, tsx); read by patterns, no grammar bundled: `db/001_init.sql`, `jobs/Sync.scala`\n'
    )
  })
})
