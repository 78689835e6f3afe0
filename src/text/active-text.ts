/**
 * Text that acts when GitHub shows it: a mention pages someone, an image
 * calls its URL, bidi controls reorder what is read. Each is made inert.
 */

/**
 * `@user` and `@org/team` stop being mentions wherever GitHub could link
 * them (after a stray backtick, in `@@user`, in a file name); an e-mail
 * address, whose `@` follows a word character, stays as it is.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/(^|[^\w])@(?=[A-Za-z0-9])/g, '$1@\u200b')
}

/** Characters that reorder text as it is shown (Trojan Source). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
/** Characters that show nothing, so text can hide what it says. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g

/** Bidi controls become visible (`[U+202E]`) and zero-width characters go. */
export function revealInvisible(text: string): string {
  return text
    .replace(ZERO_WIDTH, '')
    .replace(
      BIDI_CONTROLS,
      (c) =>
        `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`
    )
}

/**
 * Images become links: an image loads when the comment is viewed, so an
 * outside URL would learn who read it, and when (a tracking pixel).
 */
export function unembedImages(text: string): string {
  return text.replace(/!\[/g, '[')
}
