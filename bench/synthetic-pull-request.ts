/**
 * A synthetic pull request as GitHub's list-files endpoint returns it:
 * `files` DiffEntry objects whose patches hold `linesPerFile` changed
 * lines in hunks of added, deleted and context rows.
 */
import type { DiffEntry } from '../src/github/pull-request-source.js'

const EXTENSIONS = ['ts', 'py', 'go', 'java', 'sql', 'rb']

export function syntheticDiffEntries(
  files: number,
  linesPerFile: number
): DiffEntry[] {
  const entries: DiffEntry[] = []
  for (let f = 0; f < files; f++) {
    const rows: string[] = []
    let additions = 0
    let deletions = 0
    let oldLine = 1
    let newLine = 1
    // Hunks of 10 changed lines (7 added, 3 deleted) with 3 context rows each side.
    while (additions + deletions < linesPerFile) {
      const body: string[] = []
      let oldCount = 0
      let newCount = 0
      for (let c = 0; c < 3; c++, oldCount++, newCount++)
        body.push(` context ${oldLine + oldCount} of file ${f}`)
      for (
        let d = 0;
        d < 3 && additions + deletions < linesPerFile;
        d++, oldCount++, deletions++
      ) {
        body.push(
          `-  const legacy${d} = await db.query('SELECT * FROM orders WHERE id = ' + id)`
        )
      }
      for (
        let a = 0;
        a < 7 && additions + deletions < linesPerFile;
        a++, newCount++, additions++
      ) {
        body.push(
          `+  const result${a} = await db.query('SELECT id, total FROM orders WHERE id = $1', [id])`
        )
      }
      for (let c = 0; c < 3; c++, oldCount++, newCount++)
        body.push(` trailing context ${c}`)
      rows.push(
        `@@ -${oldLine},${oldCount} +${newLine},${newCount} @@ function handler${f}() {`,
        ...body
      )
      oldLine += oldCount + 20
      newLine += newCount + 20
    }
    entries.push({
      filename: `services/svc${f % 40}/module${f}.${EXTENSIONS[f % EXTENSIONS.length]}`,
      status: 'modified',
      additions,
      deletions,
      changes: additions + deletions,
      patch: rows.join('\n')
    })
  }
  return entries
}
