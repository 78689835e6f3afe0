import { neutralizeMentions, revealInvisible } from './active-text.js'

/** A fenced code block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function codeFence(text: string, info = ''): string {
  const longest = Math.max(
    2,
    ...[...text.matchAll(/`+/g)].map((m) => m[0].length)
  )
  const ticks = '`'.repeat(longest + 1)
  return `${ticks}${info}\n${text}\n${ticks}`
}

/**
 * Untrusted text (a file name, a title) as an inline code span for tables:
 * the fence is longer than any backtick run inside, so the text cannot
 * leave the span; `|` is escaped; HTML comment openers are broken, so no
 * marker of ours can appear in what a PR names; bidi controls show and
 * mentions are neutralised, should a renderer ever leave the span.
 */
export function code(text: string): string {
  const clean = neutralizeMarkers(
    neutralizeMentions(revealInvisible(text.replace(/\r?\n/g, ' ')))
  )
  const longest = Math.max(
    0,
    ...[...clean.matchAll(/`+/g)].map((m) => m[0].length)
  )
  const ticks = '`'.repeat(longest + 1)
  const pad = longest > 0 ? ' ' : ''
  return `${ticks}${pad}${clean}${pad}${ticks}`.replace(/\|/g, '\\|')
}

/** Breaks `<!--` and `-->` with a zero-width space: the text reads the same, but opens no HTML comment. */
export function neutralizeMarkers(text: string): string {
  return text.replace(/<!--/g, '<\u200b!--').replace(/--(>)/g, '-\u200b-$1')
}
