/** Tests for src/context/use-sites.ts: uses found by Grep, read by the parser. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usePieces } from '../src/context/use-sites.js'
import { openGitFiles } from '../src/repository/git-files.js'
import { Sandbox } from '../src/tools/sandbox.js'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'

describe('usePieces', () => {
  let repo: GitFixture
  beforeAll(() => {
    repo = createGitFixture()
    repo.write(
      'src/billing/invoice.ts',
      'export function settleInvoice(id: string) {\n  return id\n}\n\nexport function retry(id: string) {\n  return settleInvoice(id)\n}\n'
    )
    // Mentions that are not uses: a comment, a string, another declaration of the name.
    repo.write(
      'src/a-notes.ts',
      "// settleInvoice is called by the worker\nexport const label = 'settleInvoice'\nexport interface Port { settleInvoice(id: string): void }\n"
    )
    // A use in a file that imports another module's settleInvoice would sort after…
    repo.write(
      'src/b-other.ts',
      "import { settleInvoice } from './legacy/invoice.js'\nexport const run = () => settleInvoice('x')\n"
    )
    repo.write(
      'src/legacy/invoice.ts',
      'export function settleInvoice(id: string) {}\n'
    )
    // …the use in a file whose import reaches the changed definition's file.
    repo.write(
      'src/z-worker.ts',
      "import { settleInvoice } from './billing/invoice.js'\nexport function drain(ids: string[]) {\n  ids.forEach((id) => settleInvoice(id))\n}\n"
    )
    repo.commit('base')
  })
  afterAll(() => repo.cleanup())

  it('keeps real uses, names the definition each sits in, puts files that import the definition first, and leaves out comments, strings and declarations', async () => {
    const files = (await openGitFiles(repo.dir, 'HEAD'))!
    const tools = { files, sandbox: new Sandbox(repo.dir) }
    const pieces = await usePieces(
      [
        {
          name: 'settleInvoice',
          kind: 'function',
          path: 'src/billing/invoice.ts',
          start: 1,
          end: 3
        }
      ],
      {
        tools,
        searched: new Set(),
        paths: async () => new Set(await files.list())
      },
      'changed'
    )
    expect(pieces.map((p) => p.title)).toEqual([
      'Uses of function settleInvoice (from src/billing/invoice.ts) elsewhere'
    ])
    expect(pieces[0].body.split('\n')).toEqual([
      // The same file, outside the definition: linked.
      'src/billing/invoice.ts:6 (in function retry): return settleInvoice(id)',
      "src/z-worker.ts:1: import { settleInvoice } from './billing/invoice.js'",
      'src/z-worker.ts:3 (in function drain): ids.forEach((id) => settleInvoice(id))',
      // Not linked: its import reaches another file of the same name.
      "src/b-other.ts:1: import { settleInvoice } from './legacy/invoice.js'",
      "src/b-other.ts:2 (in function run): export const run = () => settleInvoice('x')"
      // Not src/legacy/invoice.ts:1: a declaration of the same name is not a use.
    ])
  })
})
