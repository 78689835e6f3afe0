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
/**
 * Characters that show nothing, so text can hide what it says: every format
 * character (Unicode's Cf: zero-width ones, U+2063, the tag characters
 * U+E0000–E007F, …) and every default-ignorable code point. Bidi controls
 * are among them but are shown instead (below), so they are taken first.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu

/** Bidi controls become visible (`[U+202E]`); every other invisible character goes. */
export function revealInvisible(text: string): string {
  return text
    .replace(
      BIDI_CONTROLS,
      (c) =>
        `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`
    )
    .replace(INVISIBLE, '')
}

/**
 * References GitHub links and notifies: `#12`, `GH-12`, `owner/repo#12`.
 * Model text could otherwise cross-link (and ping) any issue; in a code
 * span they are shown as written and link nowhere.
 */
const ISSUE_REFERENCE =
  /(^|[^\w`/.-])((?:[A-Za-z0-9][\w.-]*\/[\w.-]+)?#\d+|GH-\d+)(?![\w`])/g

/** Issue and pull-request references in model text made inert (code spans). */
export function neutralizeReferences(text: string): string {
  return text.replace(ISSUE_REFERENCE, '$1`$2`')
}

/**
 * Images become links: an image loads when the comment is viewed, so an
 * outside URL would learn who read it, and when (a tracking pixel).
 */
export function unembedImages(text: string): string {
  return text.replace(/!\[/g, '[')
}
