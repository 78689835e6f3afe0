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
        reason: 'over the max-files limit of 2'
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
        reason: 'carries a generated-code header'
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
