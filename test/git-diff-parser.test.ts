/** Tests for src/diff/git-diff-parser.ts and src/diff/hunk-parser.ts on diffs made by real git. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  parseGitDiff,
  pathsOfDiffGitLine,
  unquote
} from '../src/diff/git-diff-parser.js'
import { parsePatch } from '../src/diff/hunk-parser.js'
import type { ChangedFile } from '../src/diff/types.js'
import {
  createGitFixture,
  gitDiff,
  linesAt,
  numberedLines
} from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'

describe('parseGitDiff on a real repository', () => {
  let repo: GitFixture
  let base: string
  let head: string
  let files: ChangedFile[]
  let diffText: string

  beforeAll(() => {
    repo = createGitFixture()
    repo.write('src/service.ts', numberedLines(60, 'service'))
    repo.write(
      'docs/guide.md',
      'Guide\n\nIt explains the service in some detail.\nA second line.\nA third line.\n'
    )
    repo.write(
      'assets/logo.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0, 9])
    )
    repo.write('scripts/run.sh', '#!/bin/sh\necho run\n')
    repo.write('legacy/old.py', 'def old():\n    return 1\n')
    repo.write('win/crlf.txt', 'one\r\ntwo\r\nthree\r\n')
    repo.write('tail/no-newline.txt', 'first\nlast')
    repo.write('mode/both.sh', 'echo a\necho b\n')
    base = repo.commit('base')

    // A 3-hunk file: edits near the top, middle and bottom.
    const service = numberedLines(60, 'service').split('\n')
    service[2] = 'service 3 changed'
    service.splice(30, 0, 'inserted at 31', 'inserted at 32')
    service[58] = 'service 57 changed'
    service.splice(5, 1)
    repo.write('src/service.ts', service.join('\n'))
    // Rename with edits.
    repo.move('docs/guide.md', 'docs/handbook.md')
    repo.write(
      'docs/handbook.md',
      'Guide\n\nIt explains the service in some detail.\nA second line, edited.\nA third line.\n'
    )
    // Binary change, mode-only change, deletion, CRLF edit, final newline, unicode path.
    repo.write(
      'assets/logo.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 9, 9, 9, 0, 0, 1])
    )
    repo.chmod('scripts/run.sh', 0o755)
    repo.remove('legacy/old.py')
    repo.write('win/crlf.txt', 'one\r\ntwo changed\r\nthree\r\nfour\r\n')
    repo.write('tail/no-newline.txt', 'first\nlast\nand a newline\n')
    repo.write('données/café ☕.ts', 'export const café = "☕"\n')
    repo.write('with space/a b.txt', 'spaced\n')
    repo.chmod('mode/both.sh', 0o755)
    repo.write('mode/both.sh', 'echo a\necho b\necho c\n')
    head = repo.commit('head')

    diffText = gitDiff(repo, base, head)
    files = parseGitDiff(diffText)
  })

  afterAll(() => repo.cleanup())

  const byPath = (path: string): ChangedFile => {
    const file = files.find((f) => f.path === path)
    if (!file)
      throw new Error(`no ${path} in ${files.map((f) => f.path).join(', ')}`)
    return file
  }

  it('numbers every added and context line to its exact text in the head commit', () => {
    let checked = 0
    for (const file of files.filter(
      (f) => f.status !== 'removed' && !f.binary
    )) {
      const lines = linesAt(repo, head, file.path)
      for (const row of file.hunks.flatMap((h) => h.lines)) {
        if (row.newLine === undefined) continue
        expect(lines[row.newLine - 1], `${file.path}:${row.newLine}`).toBe(
          row.text
        )
        checked++
      }
    }
    expect(checked).toBeGreaterThan(30)
  })

  it('numbers every deleted line to its exact text in the base commit', () => {
    let checked = 0
    for (const file of files.filter((f) => !f.binary && f.status !== 'added')) {
      const lines = linesAt(repo, base, file.previousPath ?? file.path)
      for (const row of file.hunks.flatMap((h) => h.lines)) {
        if (row.kind !== 'del') continue
        expect(lines[row.oldLine! - 1]).toBe(row.text)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(5)
  })

  it('reads a file with three hunks', () => {
    const service = byPath('src/service.ts')
    expect(service.status).toBe('modified')
    expect(service.hunks).toHaveLength(3)
    expect(service.additions).toBe(4)
    expect(service.deletions).toBe(3)
  })

  it('keeps the previous name of a renamed file', () => {
    const handbook = byPath('docs/handbook.md')
    expect(handbook.status).toBe('renamed')
    expect(handbook.previousPath).toBe('docs/guide.md')
    expect(
      handbook.hunks[0].lines.some(
        (l) => l.kind === 'add' && l.text === 'A second line, edited.'
      )
    ).toBe(true)
  })

  it('marks binary files and keeps them listed', () => {
    const logo = byPath('assets/logo.png')
    expect(logo.binary).toBe(true)
    expect(logo.hunks).toEqual([])
  })

  it('reads a mode-only change and a mode change with edits', () => {
    const run = byPath('scripts/run.sh')
    expect(run).toMatchObject({
      status: 'changed',
      oldMode: '100644',
      newMode: '100755',
      hunks: []
    })
    const both = byPath('mode/both.sh')
    expect(both).toMatchObject({
      status: 'modified',
      newMode: '100755',
      additions: 1
    })
  })

  it('reads a deleted file with its removed lines on the base side', () => {
    const old = byPath('legacy/old.py')
    expect(old.status).toBe('removed')
    expect(old.deletions).toBe(2)
    expect(old.hunks[0]).toMatchObject({
      oldStart: 1,
      oldLines: 2,
      newStart: 0,
      newLines: 0
    })
  })

  it('strips CRs of a CRLF file and remembers them', () => {
    const crlf = byPath('win/crlf.txt')
    const added = crlf.hunks[0].lines.filter((l) => l.kind === 'add')
    expect(added.map((l) => l.text)).toEqual(['two changed', 'four'])
    expect(added.every((l) => l.crlf)).toBe(true)
  })

  it('records a missing newline at end of file on the line it qualifies', () => {
    const tail = byPath('tail/no-newline.txt')
    const removed = tail.hunks[0].lines.find((l) => l.kind === 'del')
    expect(removed).toMatchObject({ text: 'last', noNewlineAtEnd: true })
    expect(
      tail.hunks[0].lines.filter((l) => l.kind === 'add').map((l) => l.text)
    ).toEqual(['last', 'and a newline'])
  })

  it('reads non-ASCII paths and paths with spaces', () => {
    const cafe = byPath('données/café ☕.ts')
    expect(cafe.status).toBe('added')
    expect(cafe.hunks[0]).toMatchObject({
      oldStart: 0,
      oldLines: 0,
      newStart: 1,
      newLines: 1
    })
    expect(byPath('with space/a b.txt').additions).toBe(1)
  })

  it('lists every changed file exactly once', () => {
    expect(files.map((f) => f.path).sort()).toEqual(
      [
        'assets/logo.png',
        'docs/handbook.md',
        'données/café ☕.ts',
        'legacy/old.py',
        'mode/both.sh',
        'scripts/run.sh',
        'src/service.ts',
        'tail/no-newline.txt',
        'win/crlf.txt',
        'with space/a b.txt'
      ].sort()
    )
  })

  it('parses each file body as GitHub sends it (hunks only) to the same hunks', () => {
    // GitHub's DiffEntry.patch is the hunk part of the file's git diff.
    const sections = diffText.split(/^diff --git /m).slice(1)
    for (const section of sections) {
      const at = section.search(/^@@ /m)
      if (at < 0) continue
      const fromPatch = parsePatch(section.slice(at))
      const fromGit = files.find(
        (f) =>
          section.includes(`+++ b/${f.path}`) ||
          section.includes(`--- a/${f.path}`)
      )
      expect(fromGit, section.slice(0, 80)).toBeDefined()
      expect(fromPatch).toEqual(fromGit!.hunks)
    }
  })
})

describe('quoted paths', () => {
  it('decodes git C-style quoting with octal UTF-8 escapes', () => {
    expect(unquote('"caf\\303\\251 \\"q\\".txt"')).toBe('café "q".txt')
    expect(unquote('plain/path.ts')).toBe('plain/path.ts')
  })

  it('splits a diff --git line with quoted and unquoted names', () => {
    expect(pathsOfDiffGitLine('"a/t\\tab.txt" "b/t\\tab.txt"')).toEqual([
      't\tab.txt',
      't\tab.txt'
    ])
    expect(pathsOfDiffGitLine('a/x y.txt b/x y.txt')).toEqual([
      'x y.txt',
      'x y.txt'
    ])
    expect(pathsOfDiffGitLine('a/old.ts b/new.ts')).toEqual([
      'old.ts',
      'new.ts'
    ])
  })

  it('reads a binary file whose name git had to quote', () => {
    const repo = createGitFixture()
    try {
      repo.write('tab\there.bin', Buffer.from([0, 1, 2]))
      const base = repo.commit('base')
      repo.write('tab\there.bin', Buffer.from([0, 3, 4]))
      const head = repo.commit('head')
      const [file] = parseGitDiff(gitDiff(repo, base, head))
      expect(file).toMatchObject({ path: 'tab\there.bin', binary: true })
    } finally {
      repo.cleanup()
    }
  })
})
