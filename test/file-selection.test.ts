/** Tests for src/diff/file-selection.ts, src/diff/git-attributes.ts and src/diff/glob.ts. */
import { describe, expect, it } from 'vitest'
import { selectFiles } from '../src/diff/file-selection.js'
import { GitAttributes } from '../src/diff/git-attributes.js'
import { compileGlobs } from '../src/text/glob.js'
import { parsePatch } from '../src/diff/hunk-parser.js'
import type { ChangedFile } from '../src/diff/types.js'

function changed(
  path: string,
  overrides: Partial<ChangedFile> = {}
): ChangedFile {
  return {
    path,
    status: 'modified',
    additions: 1,
    deletions: 0,
    binary: false,
    patchMissing: false,
    hunks: parsePatch('@@ -4,1 +4,2 @@\n ctx\n+added'),
    ...overrides
  }
}

const options = { include: [], exclude: [], maxFiles: 300 }

describe('selectFiles', () => {
  it('never sends the diff of a file that may hold secrets: skipped first, by either name, with blocked-paths too', () => {
    const files = [
      changed('.env.production'),
      changed('deploy/Server.PEM', { binary: true }),
      changed('config/app.json', {
        status: 'renamed',
        previousPath: '.env.local'
      }),
      changed('ops/vault.yaml'),
      changed('src/app.ts')
    ]
    const { reviewable, skipped } = selectFiles(files, {
      ...options,
      include: ['**/*.env*'],
      blocked: ['ops/vault.*']
    })
    expect(reviewable).toEqual([])
    expect(skipped.map((s) => [s.path, s.category, s.reason])).toEqual([
      [
        '.env.production',
        'secret',
        "may hold secrets (matches '.env*'); not sent"
      ],
      [
        'deploy/Server.PEM',
        'secret',
        "may hold secrets (matches '*.pem'); not sent"
      ],
      [
        'config/app.json',
        'secret',
        "may hold secrets (matches '.env*'); not sent"
      ],
      [
        'ops/vault.yaml',
        'secret',
        "may hold secrets (matches 'ops/vault.*'); not sent"
      ],
      ['src/app.ts', 'not-included', 'matches no include pattern']
    ])
  })

  it('skips lockfiles, vendored, minified, bundled and generated files by default, each with its reason', () => {
    const paths = [
      'package-lock.json',
      'services/api/go.sum',
      'vendor/github.com/x/y.go',
      'web/node_modules/lib/index.js',
      'public/app.min.js',
      'dist/index.js',
      'proto/user.pb.go',
      'src/__generated__/schema.ts',
      'src/app.ts'
    ]
    const { reviewable, skipped } = selectFiles(
      paths.map((p) => changed(p)),
      options
    )
    expect(reviewable.map((f) => f.path)).toEqual(['src/app.ts'])
    expect(
      Object.fromEntries(skipped.map((s) => [s.path, s.category]))
    ).toEqual({
      'package-lock.json': 'lockfile',
      'services/api/go.sum': 'lockfile',
      'vendor/github.com/x/y.go': 'vendored',
      'web/node_modules/lib/index.js': 'vendored',
      'public/app.min.js': 'minified',
      'dist/index.js': 'minified',
      'proto/user.pb.go': 'generated',
      'src/__generated__/schema.ts': 'generated'
    })
    expect(
      skipped.find((s) => s.path === 'package-lock.json')!.reason
    ).toContain('lockfile')
  })

  it('says a text file has no diff because .gitattributes marks it -diff (or binary), not that it is binary', () => {
    const attributes = new GitAttributes(
      'dist/*.js -diff\n*.snap binary\nlegacy/*.js diff\n'
    )
    const { skipped } = selectFiles(
      [
        changed('dist/index.js', { binary: true, hunks: [] }),
        changed('test/ui.snap', { binary: true, hunks: [] }),
        changed('img.png', { binary: true, hunks: [] })
      ],
      { ...options, attributes }
    )
    expect(skipped.map((s) => [s.path, s.reason])).toEqual([
      [
        'dist/index.js',
        'no text diff: marked -diff (or binary) in .gitattributes'
      ],
      [
        'test/ui.snap',
        'no text diff: marked -diff (or binary) in .gitattributes'
      ],
      ['img.png', 'binary file']
    ])
  })

  it('lists binary, patchless and mode-only files instead of dropping them', () => {
    const { reviewable, skipped } = selectFiles(
      [
        changed('img.png', { binary: true, hunks: [] }),
        changed('huge.sql', {
          patchMissing: true,
          hunks: [],
          additions: 90000
        }),
        changed('run.sh', { status: 'changed', hunks: [] }),
        changed('moved.ts', {
          status: 'renamed',
          previousPath: 'old.ts',
          hunks: []
        })
      ],
      options
    )
    expect(reviewable).toEqual([])
    expect(skipped.map((s) => [s.path, s.category])).toEqual([
      ['img.png', 'binary'],
      ['huge.sql', 'patch-missing'],
      ['run.sh', 'no-content-change'],
      ['moved.ts', 'no-content-change']
    ])
    expect(skipped[1].reason).toMatch(/too large/)
    expect(skipped[3].reason).toMatch(/renamed/)
  })

  it('applies include and exclude globs, naming the pattern that excluded a file', () => {
    const { reviewable, skipped } = selectFiles(
      ['src/a.ts', 'src/a.test.ts', 'docs/readme.md', 'lib/b.js'].map((p) =>
        changed(p)
      ),
      { ...options, include: ['src/**', '*.js'], exclude: ['*.test.ts'] }
    )
    expect(reviewable.map((f) => f.path)).toEqual(['src/a.ts', 'lib/b.js'])
    expect(skipped).toEqual([
      {
        path: 'src/a.test.ts',
        category: 'excluded',
        reason: "matches exclude pattern '*.test.ts'"
      },
      {
        path: 'docs/readme.md',
        category: 'not-included',
        reason: 'matches no include pattern'
      }
    ])
  })

  it('skips files beyond max-files with that reason', () => {
    const { reviewable, skipped } = selectFiles(
      ['a.ts', 'b.ts', 'c.ts'].map((p) => changed(p)),
      { ...options, maxFiles: 2 }
    )
    expect(reviewable).toHaveLength(2)
    expect(skipped).toEqual([
      {
        path: 'c.ts',
        category: 'max-files',
        reason:
          'over the max-files limit of 2 (a source file; files are kept in the order source, tests, config, docs, removed files)'
      }
    ])
  })

  it('skips vendored trees under their common names, so they never take max-files slots from source and tests', () => {
    // Cut from spring-petclinic 78a2532b3..edf4db28a: 115 removed bower files under vendors/.
    const files = [
      ...Array.from({ length: 5 }, (_, i) =>
        changed(`src/main/webapp/vendors/bootstrap/js/part${i}.js`, {
          status: 'removed'
        })
      ),
      changed('src/main/webapp/bower_components/jquery/jquery.js'),
      changed('third_party/zlib/inflate.c'),
      changed('3rdparty/json/json.hpp'),
      changed('external/googletest/src/gtest.cc'),
      changed(
        'src/test/java/org/springframework/samples/petclinic/OwnerControllerTests.java',
        {
          status: 'removed'
        }
      ),
      changed(
        'src/main/java/org/springframework/samples/petclinic/owner/Owner.java'
      )
    ]
    const { reviewable, skipped } = selectFiles(files, {
      ...options,
      maxFiles: 2
    })
    expect(reviewable.map((f) => f.path)).toEqual([
      'src/main/java/org/springframework/samples/petclinic/owner/Owner.java',
      'src/test/java/org/springframework/samples/petclinic/OwnerControllerTests.java'
    ])
    expect(skipped.every((s) => s.category === 'vendored')).toBe(true)
    expect(skipped).toHaveLength(9)
  })

  it('keeps source first under max-files, then tests, config and docs, and removed files last', () => {
    // Cut from a 753-file Go commit where deleted files took 81 of 300 slots and migrations were dropped.
    const files = [
      changed('README.md'),
      changed('api/old_handler.go', { status: 'removed' }),
      changed('.github/workflows/ci.yml'),
      changed('core/record_query_test.go'),
      changed('docs/api/records.md'),
      changed('config.yaml'),
      changed('migrations/1717000000_add_index.go'),
      changed('db/migrations/002_users.sql'),
      changed('apis/record_crud.go'),
      changed('tests/api_test.py')
    ]
    const kept = (maxFiles: number): string[] =>
      selectFiles(files, { ...options, maxFiles }).reviewable.map((f) => f.path)
    expect(kept(3)).toEqual([
      'migrations/1717000000_add_index.go',
      'db/migrations/002_users.sql',
      'apis/record_crud.go'
    ])
    expect(kept(5)).toEqual([
      ...kept(3),
      'core/record_query_test.go',
      'tests/api_test.py'
    ])
    expect(kept(7)).toEqual([
      ...kept(5),
      '.github/workflows/ci.yml',
      'config.yaml'
    ])
    expect(kept(9)).toEqual([...kept(7), 'README.md', 'docs/api/records.md'])
    const { skipped } = selectFiles(files, { ...options, maxFiles: 9 })
    expect(skipped).toEqual([
      {
        path: 'api/old_handler.go',
        category: 'max-files',
        reason:
          'over the max-files limit of 9 (a removed file; files are kept in the order source, tests, config, docs, removed files)'
      }
    ])
  })

  it('honours linguist-generated and linguist-vendored from .gitattributes', () => {
    const attributes = new GitAttributes(
      '# comment\napi/openapi/** linguist-generated=true\n*.gen.ts linguist-generated\napi/openapi/keep.ts -linguist-generated\nthirdparty/ linguist-vendored\n'
    )
    const { reviewable, skipped } = selectFiles(
      [
        'api/openapi/client.ts',
        'api/openapi/keep.ts',
        'src/deep/x.gen.ts',
        'thirdparty/lib.c',
        'src/main.ts'
      ].map((p) => changed(p)),
      { ...options, attributes }
    )
    expect(reviewable.map((f) => f.path)).toEqual([
      'api/openapi/keep.ts',
      'src/main.ts'
    ])
    expect(skipped.map((s) => s.reason)).toEqual([
      'marked linguist-generated in .gitattributes',
      'marked linguist-generated in .gitattributes',
      'marked linguist-vendored in .gitattributes'
    ])
  })

  it('recognises generated-code headers at the top of a file', () => {
    const generated = changed('internal/mocks/store.go', {
      status: 'added',
      hunks: parsePatch(
        '@@ -0,0 +1,3 @@\n+// Code generated by MockGen. DO NOT EDIT.\n+package mocks\n+'
      )
    })
    const { skipped } = selectFiles([generated], options)
    expect(skipped).toEqual([
      {
        path: 'internal/mocks/store.go',
        category: 'generated',
        reason:
          "generated: line 1 of the diff carries the marker 'Code generated … DO NOT EDIT'; the marker came with this change"
      }
    ])
  })
})

describe('selectFiles on generated, minified, vendored and asset files of real repositories', () => {
  /** An edit deep in a file: the diff never shows its first lines. */
  const editAt = (path: string, line: number): ChangedFile =>
    changed(path, {
      hunks: parsePatch(`@@ -${line},1 +${line},2 @@\n ctx\n+added`)
    })
  const added = (path: string, text: string): ChangedFile => {
    const rows = text.split('\n')
    return changed(path, {
      status: 'added',
      hunks: parsePatch(
        `@@ -0,0 +1,${rows.length} @@\n${rows.map((r) => `+${r}`).join('\n')}`
      )
    })
  }
  const removed = (path: string, text: string): ChangedFile => {
    const rows = text.split('\n')
    return changed(path, {
      status: 'removed',
      hunks: parsePatch(
        `@@ -1,${rows.length} +0,0 @@\n${rows.map((r) => `-${r}`).join('\n')}`
      )
    })
  }
  const minifiedJs = `!function(e,t){${'var a=1;'.repeat(6_000)}}(this);`
  const skin = `.skin{${'color:#fff;background:#000;'.repeat(900)}}`

  const heads = new Map<string, string>([
    [
      'plugins/jsvm/internal/types/generated/types.d.ts',
      '// 1718000000\n// GENERATED CODE - DO NOT MODIFY BY HAND\n\ndeclare var $app: PocketBase\n'
    ],
    [
      'src/Web/ClientApp/src/app/web-api-client.ts',
      '//----------------------\n// <auto-generated>\n//     Generated using the NSwag toolchain v14.0.3.0\n// </auto-generated>\n//----------------------\n'
    ],
    [
      'src/Web/wwwroot/api/specification.json',
      '{\n  "x-generator": "NSwag v14.0.3.0 (NJsonSchema v11.0.0.0 (Newtonsoft.Json v13.0.0.0))",\n  "openapi": "3.0.0",\n'
    ],
    ['web/static/app.js', minifiedJs.slice(0, 4096)],
    [
      'internal/store/users.go',
      'package store\n\n// Users reads and writes user rows.\ntype Users struct{}\n'
    ],
    [
      'tools/gen/README.md',
      `# Generator\n\n${'This tool writes the client from the OpenAPI document and explains every option. '.repeat(20)}\n`
    ],
    [
      'internal/gen/writer.go',
      `package gen\n${'\n'.repeat(12)}// header is written on top of every output: "Code generated by gen. DO NOT EDIT."\n`
    ]
  ])
  const files = [
    editAt('plugins/jsvm/internal/types/generated/types.d.ts', 5_210),
    editAt('src/Web/ClientApp/src/app/web-api-client.ts', 648),
    editAt(
      'src/Infrastructure/Data/Migrations/ApplicationDbContextModelSnapshot.cs',
      120
    ),
    editAt('src/Web/wwwroot/api/specification.json', 900),
    editAt('ui/src/routeTree.gen.ts', 40),
    editAt('web/static/app.js', 1),
    added('ui/public/libs/uplot/uplot.iife.js', minifiedJs),
    removed('ui/public/skins/oxide/skin.css', skin),
    added(
      'ui/public/images/logo.svg',
      '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h24v24H0z"/></svg>'
    ),
    added('ui/public/fonts/inter.woff2.txt', 'not a font'),
    editAt('internal/store/users.go', 10),
    editAt('tools/gen/README.md', 3),
    editAt('internal/gen/writer.go', 14)
  ]

  it('skips each with its reason, read from the head blob, and keeps the source', () => {
    const { reviewable, skipped } = selectFiles(files, { ...options, heads })
    expect(reviewable.map((f) => f.path)).toEqual([
      'internal/store/users.go',
      'internal/gen/writer.go',
      'ui/public/fonts/inter.woff2.txt',
      'tools/gen/README.md'
    ])
    expect(Object.fromEntries(skipped.map((s) => [s.path, s.reason]))).toEqual({
      'plugins/jsvm/internal/types/generated/types.d.ts':
        "generated file ('**/generated/**')",
      'src/Web/ClientApp/src/app/web-api-client.ts':
        "generated: line 2 of the file at the head carries the marker '<auto-generated>'",
      'src/Infrastructure/Data/Migrations/ApplicationDbContextModelSnapshot.cs':
        "generated file ('*ModelSnapshot.cs')",
      'src/Web/wwwroot/api/specification.json':
        "generated: line 2 of the file at the head carries the marker 'x-generator: NSwag'",
      'ui/src/routeTree.gen.ts': "generated file ('*.gen.*')",
      'web/static/app.js':
        'minified: in the file at the head, a line runs past the first 4096 characters',
      'ui/public/libs/uplot/uplot.iife.js':
        "vendored code ('**/{public,static,assets,wwwroot,www}/**/{libs,lib,vendors}/**')",
      'ui/public/skins/oxide/skin.css':
        'minified: in the removed file, a line runs past the first 4096 characters',
      'ui/public/images/logo.svg':
        "image, font or media asset ('*.{svg,png,jpg,jpeg,gif,webp,avif,bmp,ico,icns,tif,tiff,heic}')"
    })
  })

  it('finds the generated marker in the first lines of the head when the diff starts deep in the file', () => {
    const client = editAt('src/Web/ClientApp/src/app/web-api-client.ts', 648)
    expect(selectFiles([client], options).reviewable).toHaveLength(1)
    expect(
      selectFiles([client], { ...options, heads }).reviewable
    ).toHaveLength(0)
  })

  it('lets .gitattributes decide first, both ways', () => {
    const attributes = new GitAttributes(
      'ui/src/routeTree.gen.ts -linguist-generated\nweb/static/*.js -linguist-vendored\ninternal/store/** linguist-generated\n'
    )
    const { reviewable, skipped } = selectFiles(
      files.filter((f) =>
        [
          'ui/src/routeTree.gen.ts',
          'web/static/app.js',
          'internal/store/users.go'
        ].includes(f.path)
      ),
      { ...options, heads, attributes }
    )
    expect(reviewable.map((f) => f.path)).toEqual([
      'ui/src/routeTree.gen.ts',
      'web/static/app.js'
    ])
    expect(skipped).toEqual([
      {
        path: 'internal/store/users.go',
        category: 'generated',
        reason: 'marked linguist-generated in .gitattributes'
      }
    ])
  })
})

describe('compileGlobs', () => {
  it('matches basenames for slash-free patterns and dotfiles', () => {
    const match = compileGlobs(['*.sql', 'config/**'])
    expect(match('db/migrations/001.sql')).toBe('*.sql')
    expect(match('config/.env.example')).toBe('config/**')
    expect(match('src/config.ts')).toBeUndefined()
  })

  it('throws on unbalanced brackets', () => {
    expect(() => compileGlobs(['src/[ab.ts'])).toThrow()
    expect(() => compileGlobs(['src/{a,b.ts'])).toThrow()
  })
})

describe('generated markers a change brings', () => {
  const marked = '/* @generated */\nexport const users = []\n'
  const heads = new Map([
    ['src/users.js', marked],
    ['src/client.ts', '// Code generated by openapi. DO NOT EDIT.\n'],
    ['generated/routes.js', 'export const routes = []\n'],
    ['generated/old.js', 'export const old = []\n']
  ])
  const baseHeads = new Map([
    ['src/client.ts', '// Code generated by openapi. DO NOT EDIT.\n']
  ])
  const files = [
    changed('src/users.js', { status: 'added' }),
    changed('src/client.ts'),
    changed('generated/routes.js', {
      status: 'renamed',
      previousPath: 'src/routes.js'
    }),
    changed('generated/old.js')
  ]

  it("while a gate is set, reviews what the change itself marks or names generated; the base's markers still skip", () => {
    const { reviewable, skipped } = selectFiles(files, {
      ...options,
      heads,
      baseHeads,
      distrustChangeMarkers: true
    })
    expect(reviewable.map((f) => f.path)).toEqual([
      'src/users.js',
      'generated/routes.js'
    ])
    expect(skipped).toEqual([
      {
        path: 'src/client.ts',
        category: 'generated',
        reason:
          "generated: line 1 of the file at the head carries the marker 'Code generated … DO NOT EDIT' (the base has it too)"
      },
      expect.objectContaining({
        path: 'generated/old.js',
        category: 'generated'
      })
    ])
  })

  it('without a gate, skips them and says the marker came with the change', () => {
    const { skipped } = selectFiles(files, { ...options, heads, baseHeads })
    expect(skipped.find((s) => s.path === 'src/users.js')!.reason).toBe(
      "generated: line 1 of the file at the head carries the marker '@generated'; the marker came with this change"
    )
    expect(skipped.map((s) => s.path).sort()).toEqual([
      'generated/old.js',
      'generated/routes.js',
      'src/client.ts',
      'src/users.js'
    ])
  })
})
