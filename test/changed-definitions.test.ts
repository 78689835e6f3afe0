/** Tests for src/context/syntax/changed-definitions.ts: what a change declares, edits and deletes, read by the parser. */
import { describe, expect, it } from 'vitest'
import {
  changedDefinitions,
  removedDefinitions
} from '../src/context/syntax/changed-definitions.js'
import { readSyntax } from '../src/context/syntax/syntax-index.js'

const rows = (kind: 'add' | 'del', texts: string[], first = 1) =>
  texts.map((text, i) => ({
    kind,
    text,
    ...(kind === 'add' ? { newLine: first + i } : {})
  }))

describe('changedDefinitions', () => {
  it('counts a changed line for its innermost definition, not its class; a declared name counts for its definition', async () => {
    const source = [
      'class Orders {', // 1
      '  total(o) {', // 2
      '    return o.sum * 2', // 3 (changed)
      '  }', // 4
      '  tax(o) { return 0 }', // 5 (declared: added)
      '}' // 6
    ].join('\n')
    const syntax = (await readSyntax('src/orders.ts', source))!
    const hunks = [
      { lines: rows('add', ['    return o.sum * 2'], 3) },
      { lines: rows('add', ['  tax(o) { return 0 }'], 5) }
    ]
    expect(
      changedDefinitions('src/orders.ts', syntax, hunks).map((d) => [
        d.name,
        d.kind,
        d.start,
        d.end,
        d.changedLines
      ])
    ).toEqual([
      ['total', 'function', 2, 4, 1],
      ['tax', 'function', 5, 5, 1]
    ])
  })
})

describe('removedDefinitions', () => {
  it('reads deleted methods of Java, C# and PHP (wrapped in a class) and an indented Python method; a name still defined is not gone', async () => {
    const java = await removedDefinitions(
      'src/PetService.java',
      [
        {
          lines: rows('del', [
            '\tString findLegacyOwner(Pet p) {',
            '\t\treturn "";',
            '\t}'
          ])
        }
      ],
      undefined
    )
    expect(java.map((d) => `${d.kind} ${d.name}`)).toEqual([
      'function findLegacyOwner'
    ])
    const csharp = await removedDefinitions(
      'src/OrderService.cs',
      [
        {
          lines: rows('del', [
            '    public int LegacyTotal(int t)',
            '    {',
            '        return t;',
            '    }'
          ])
        }
      ],
      undefined
    )
    expect(csharp.map((d) => d.name)).toEqual(['LegacyTotal'])
    const php = await removedDefinitions(
      'app/UserService.php',
      [
        {
          lines: rows('del', [
            '    public function legacyLookup($e)',
            '    {',
            '        return null;',
            '    }'
          ])
        }
      ],
      undefined
    )
    expect(php.map((d) => d.name)).toEqual(['legacyLookup'])
    const head = await readSyntax(
      'app/crud.py',
      'class Crud:\n    def keep(self):\n        pass\n'
    )
    const python = await removedDefinitions(
      'app/crud.py',
      [
        {
          lines: rows('del', [
            '    def keep(self):',
            '        pass',
            '    def legacy_lookup(self, email):',
            '        return None'
          ])
        }
      ],
      head
    )
    expect(python.map((d) => d.name)).toEqual(['legacy_lookup'])
  })

  it('reads a deleted top-level constant as removed, but not a local deleted inside a body (a fragment reads as top level)', async () => {
    const gone = await removedDefinitions(
      'src/articles.ts',
      [
        { lines: rows('del', ['export const PAGE_LIMIT = 20']) },
        {
          lines: rows('del', [
            '  const article = await getArticle(slug)',
            '  const comments = article.comments'
          ])
        }
      ],
      undefined
    )
    expect(gone.map((d) => `${d.kind} ${d.name}`)).toEqual([
      'constant PAGE_LIMIT'
    ])
  })
})
