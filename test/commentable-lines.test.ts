/** Tests for src/diff/commentable-lines.ts. */
import { describe, expect, it } from 'vitest'
import { changedFile } from './helpers/changed-file.js'
import { CommentableLines } from '../src/diff/commentable-lines.js'

const index = new CommentableLines([
  // Hunk 1 covers head lines 10-14 (old 10-13); hunk 2 covers head 40-41 (old 39-41).
  changedFile(
    'src/a.ts',
    '@@ -10,4 +10,5 @@\n ctx10\n-old11\n+new11\n+new12\n ctx13\n ctx14\n@@ -39,3 +40,2 @@\n ctx40\n-old40\n-old41\n+new41'
  ),
  changedFile('src/new.ts', '@@ -0,0 +1,2 @@\n+one\n+two'),
  changedFile('src/gone.ts', '@@ -1,2 +0,0 @@\n-one\n-two')
])

describe('CommentableLines', () => {
  it('accepts added and context lines on the RIGHT, inside hunks only', () => {
    for (const line of [10, 11, 12, 13, 14, 40, 41])
      expect(index.canComment('src/a.ts', 'RIGHT', line)).toBe(true)
    for (const line of [9, 15, 39, 42, 0, -1, 1.5])
      expect(index.canComment('src/a.ts', 'RIGHT', line)).toBe(false)
  })

  it('accepts deleted lines on the LEFT and nothing else there', () => {
    expect(index.canComment('src/a.ts', 'LEFT', 11)).toBe(true)
    expect(index.canComment('src/a.ts', 'LEFT', 40)).toBe(true)
    expect(index.canComment('src/a.ts', 'LEFT', 10)).toBe(false)
    expect(index.canComment('src/gone.ts', 'LEFT', 2)).toBe(true)
    expect(index.canComment('src/gone.ts', 'RIGHT', 1)).toBe(false)
  })

  it('keeps a multi-line range inside one hunk', () => {
    expect(index.canComment('src/a.ts', 'RIGHT', 14, 10)).toBe(true)
    expect(index.canComment('src/a.ts', 'RIGHT', 40, 14)).toBe(false)
    expect(index.canComment('src/a.ts', 'RIGHT', 10, 14)).toBe(false)
    expect(index.canComment('src/a.ts', 'LEFT', 41, 40)).toBe(true)
  })

  it('knows new files and says no for unknown paths', () => {
    expect(index.canComment('src/new.ts', 'RIGHT', 2)).toBe(true)
    expect(index.canComment('src/new.ts', 'RIGHT', 3)).toBe(false)
    expect(index.canComment('src/other.ts', 'RIGHT', 1)).toBe(false)
    expect(index.has('src/new.ts')).toBe(true)
  })

  it('reports which hunk holds a line', () => {
    expect(index.hunkOf('src/a.ts', 'RIGHT', 12)).toBe(0)
    expect(index.hunkOf('src/a.ts', 'RIGHT', 41)).toBe(1)
    expect(index.hunkOf('src/a.ts', 'RIGHT', 30)).toBe(-1)
  })
})
