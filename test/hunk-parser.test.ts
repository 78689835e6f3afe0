/** Tests for src/diff/hunk-parser.ts: GitHub's hunk-only patches, edge cases by hand. */
import { describe, expect, it } from 'vitest'
import { parseHunkHeader, parsePatch } from '../src/diff/hunk-parser.js'

describe('parseHunkHeader', () => {
  it('reads counts, omitted counts and the section text', () => {
    expect(
      parseHunkHeader('@@ -10,7 +10,8 @@ function handler(req) {')
    ).toMatchObject({
      oldStart: 10,
      oldLines: 7,
      newStart: 10,
      newLines: 8,
      section: 'function handler(req) {'
    })
    expect(parseHunkHeader('@@ -3 +3 @@')).toMatchObject({
      oldLines: 1,
      newLines: 1,
      section: ''
    })
    expect(parseHunkHeader('not a header')).toBeUndefined()
  })
})

describe('parsePatch', () => {
  it('numbers a pure insertion with a zero-length old range', () => {
    const [hunk] = parsePatch('@@ -5,0 +6,2 @@ ctx\n+first\n+second')
    expect(hunk.lines.map((l) => [l.kind, l.newLine, l.oldLine])).toEqual([
      ['add', 6, undefined],
      ['add', 7, undefined]
    ])
  })

  it('numbers a pure deletion with a zero-length new range', () => {
    const [hunk] = parsePatch('@@ -3,2 +2,0 @@\n-gone 3\n-gone 4\n')
    expect(hunk.lines.map((l) => l.oldLine)).toEqual([3, 4])
  })

  it('treats an empty row inside a hunk as an empty context line', () => {
    const [hunk] = parsePatch('@@ -1,3 +1,3 @@\n a\n\n-b\n+c')
    expect(hunk.lines.map((l) => [l.kind, l.text, l.newLine])).toEqual([
      ['context', 'a', 1],
      ['context', '', 2],
      ['del', 'b', undefined],
      ['add', 'c', 3]
    ])
  })

  it('reads body rows that look like headers while the counts expect rows', () => {
    const hunks = parsePatch(
      '@@ -1,2 +1,3 @@\n-diff --git a b\n+--- not a header\n+@@ -9 +9 @@ either\n+++ plus'
    )
    expect(hunks).toHaveLength(1)
    expect(hunks[0].lines.map((l) => l.text)).toEqual([
      'diff --git a b',
      '--- not a header',
      '@@ -9 +9 @@ either',
      '++ plus'
    ])
  })

  it('reads several hunks and CRLF patches', () => {
    const hunks = parsePatch(
      '@@ -1,1 +1,1 @@\r\n-a\r\n+b\r\n@@ -10,1 +10,2 @@\r\n x\r\n+y\r\n'
    )
    expect(hunks).toHaveLength(2)
    expect(hunks[1].lines.map((l) => [l.text, l.newLine, l.crlf])).toEqual([
      ['x', 10, true],
      ['y', 11, true]
    ])
  })
})
