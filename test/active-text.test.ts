/** Tests for src/text/active-text.ts and the sanitiser built on it: text that acts when GitHub shows it is made inert. */
import { describe, expect, it } from 'vitest'
import {
  neutralizeReferences,
  revealInvisible
} from '../src/text/active-text.js'
import { safeInline, safeProse } from '../src/text/sanitize.js'

describe('revealInvisible', () => {
  it('drops every format and default-ignorable character, and shows bidi controls', () => {
    const hidden = [
      '\u2063', // invisible separator
      '\u{E0041}\u{E007F}', // tag characters
      '\u00AD', // soft hyphen
      '\u180E', // Mongolian vowel separator
      '\u3164', // Hangul filler (default-ignorable, not Cf)
      '\uFE0F', // variation selector
      '\u200B\u200D\u2060\uFEFF'
    ].join('a')
    expect(revealInvisible(hidden)).toBe('aaaaaa')
    expect(revealInvisible('x\u202Ey')).toBe('x[U+202E]y')
    expect(
      /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(revealInvisible(hidden))
    ).toBe(false)
  })
})

describe('neutralizeReferences', () => {
  it('puts #N, GH-N and owner/repo#N in code spans, and leaves the rest', () => {
    expect(neutralizeReferences('see #1 and octo/other#5, GH-7.')).toBe(
      'see `#1` and `octo/other#5`, `GH-7`.'
    )
    expect(neutralizeReferences('#12 first')).toBe('`#12` first')
    for (const inert of [
      'already `#1` in code',
      'page#3 and C#9',
      'https://github.com/o/r/issues/5#issuecomment-1',
      'a # 1 heading'
    ])
      expect(neutralizeReferences(inert)).toBe(inert)
  })
})

describe('the sanitiser on model text', () => {
  it('a lone \\r or a Unicode separator never cuts a table row', () => {
    expect(safeInline('a\rb\u2028c\u2029d\u0085e | f')).toBe('a b c d e \\| f')
    expect(safeProse('line one\rline two')).toBe('line one\nline two')
  })

  it('posts no invisible character and no live reference', () => {
    const safe = safeProse('Fix\u2063 it, see #1 \u{E0069}\u{E0067}')
    expect(safe).toBe('Fix it, see `#1` ')
  })
})
