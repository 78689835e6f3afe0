/**
 * Tests for src/context/structure: the module picture of a change (nodes,
 * edges added and removed), a cycle it creates (one `system` finding at
 * the import line it adds), a layer break against declared layers, and
 * nothing when a change only removes an edge — in TS, Python and Go
 * repositories written for the test.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { reviewStructure } from '../src/context/structure/structure-review.js'
import { parseGitDiff } from '../src/diff/git-diff-parser.js'
import { openGitFiles } from '../src/repository/git-files.js'
import { Sandbox } from '../src/tools/sandbox.js'
import { createGitFixture, gitDiff } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'

const fixtures: GitFixture[] = []
afterAll(() => fixtures.forEach((f) => f.cleanup()))

/** The structure of the change base → head of files written for the test. */
async function structureOf(
  base: Record<string, string>,
  head: Record<string, string | null>,
  layers?: string[]
) {
  const repo = createGitFixture()
  fixtures.push(repo)
  for (const [path, text] of Object.entries(base)) repo.write(path, text)
  const baseCommit = repo.commit('base')
  for (const [path, text] of Object.entries(head))
    if (text === null) repo.remove(path)
    else repo.write(path, text)
  const headCommit = repo.commit('change')
  return reviewStructure({
    files: parseGitDiff(gitDiff(repo, baseCommit, headCommit)),
    tools: {
      files: (await openGitFiles(repo.dir, headCommit))!,
      sandbox: new Sandbox(repo.dir)
    },
    base: await openGitFiles(repo.dir, baseCommit),
    layers
  })
}

const TS = {
  'src/api/orders.ts':
    "import { list } from '../services/orders.js'\nexport const route = () => list()\n",
  'src/services/orders.ts':
    "import { query } from '../db/pool.js'\nexport const list = () => query('x')\n",
  'src/db/pool.ts': 'export const query = (sql: string) => sql\n'
}

describe('reviewStructure', () => {
  it('TypeScript: a cycle the change creates is one system finding at the import line it adds; the picture marks the new edge', async () => {
    const { view, findings } = await structureOf(TS, {
      'src/db/pool.ts':
        "import { route } from '../api/orders.js'\nexport const query = (sql: string) => sql\nexport const audit = () => route()\n"
    })
    expect(view).toEqual({
      depth: 2,
      modules: ['src/api', 'src/db'],
      edges: [{ from: 'src/db', to: 'src/api', state: 'added' }]
    })
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      area: 'system',
      path: 'src/db/pool.ts',
      line: 1,
      title: 'Import cycle created: src/db → src/api → src/services → src/db'
    })
  })

  it('Python: an import that skips the service layer is a layer break; the same import without declared layers is nothing', async () => {
    const base = {
      'app/api/users.py':
        'from app.services import users\n\ndef get(i):\n    return users.find(i)\n',
      'app/services/users.py':
        'from app.repositories import users\n\ndef find(i):\n    return users.by_id(i)\n',
      'app/repositories/users.py': 'def by_id(i):\n    return i\n'
    }
    const head = {
      'app/api/users.py':
        'from app.services import users\nfrom app.repositories import users as rows\n\ndef get(i):\n    return rows.by_id(i)\n'
    }
    const layered = await structureOf(base, head, [
      'api',
      'services',
      'repositories'
    ])
    expect(layered.findings.map((f) => [f.path, f.line, f.title])).toEqual([
      [
        'app/api/users.py',
        2,
        'Layer break: api reaches past services into repositories'
      ]
    ])
    expect(layered.view?.edges).toContainEqual({
      from: 'app/api',
      to: 'app/repositories',
      state: 'added'
    })
    expect((await structureOf(base, head)).findings).toEqual([])
  })

  it('Go: a change that only removes an import is no finding, and the picture marks the edge removed', async () => {
    const base = {
      'go.mod': 'module example.com/shop\n\ngo 1.22\n',
      'api/orders.go':
        'package api\n\nimport "example.com/shop/store"\n\nfunc List() { store.All() }\n',
      'store/orders.go':
        'package store\n\nimport "example.com/shop/api"\n\nfunc All() { api.List() }\n'
    }
    const { view, findings } = await structureOf(
      base,
      { 'store/orders.go': 'package store\n\nfunc All() {}\n' },
      ['api', 'store']
    )
    expect(findings).toEqual([])
    expect(view?.edges).toEqual([
      { from: 'api', to: 'store', state: 'kept' },
      { from: 'store', to: 'api', state: 'removed' }
    ])
  })
})
