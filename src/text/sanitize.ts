import { codeFence } from './markdown.js'
import {
  neutralizeMentions,
  neutralizeReferences,
  revealInvisible,
  unembedImages
} from './active-text.js'

/**
 * Model text is untrusted: it may repeat what a hostile PR told it. Before
 * anything is posted it loses HTML comments (so it cannot forge our
 * markers), @-mentions (so it cannot page people or teams), issue
 * references (so it cannot cross-link them), hidden characters and
 * anything that looks like a credential.
 */

/** Credentials by their well-known shapes. */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    '[redacted private key]'
  ],
  [/\bsk-ant-[A-Za-z0-9_-]{8,}/g, '[redacted Anthropic key]'],
  [/\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g, '[redacted GitHub token]'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, '[redacted GitHub token]'],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '[redacted AWS key id]'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, '[redacted Slack token]'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, '[redacted Google API key]'],
  [/\bsk_(live|test)_[A-Za-z0-9]{16,}/g, '[redacted Stripe key]'],
  [
    /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
    '[redacted JWT]'
  ]
]

/** Replaces credential-shaped strings and any of `known` (the run's own secrets). */
export function redactSecrets(
  text: string,
  known: readonly string[] = []
): string {
  let out = text
  for (const secret of known) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]')
  }
  for (const [pattern, replacement] of SECRET_PATTERNS)
    out = out.replace(pattern, replacement)
  return out
}

/** Line breaks as Markdown and the runner read them: a lone \r and Unicode's separators too. */
const BREAKS = /\r\n|[\r\u0085\u2028\u2029]/g

/** Removes HTML comments, including unterminated ones, so no marker can be forged. */
export function stripHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(/-->/g, '')
}

/** Model prose made safe to post: no comments, mentions, secrets, images, hidden characters or raw HTML. */
export function safeProse(text: string, known: readonly string[] = []): string {
  const cleaned = neutralizeReferences(
    neutralizeMentions(
      unembedImages(
        redactSecrets(
          stripHtmlComments(revealInvisible(text.replace(BREAKS, '\n'))),
          known
        )
      )
    )
  )
  // Markdown stays; HTML tags (which could open <details> or hide text) do not.
  return cleaned.replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Model text for a single line (titles, table cells). */
export function safeInline(
  text: string,
  known: readonly string[] = []
): string {
  return safeProse(text, known)
    .replace(/\n+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim()
}

/** Our markers' namespace: no model text may carry one, in code either. */
const OWN_MARKERS = /<!--\s*architect-review:[\s\S]*?(?:-->|$)/g

/**
 * Code for a fenced block: secrets redacted, bidi controls visible, our
 * markers removed, and a fence the code cannot close.
 */
export function fenced(
  code: string,
  info: string,
  known: readonly string[] = []
): string {
  const body = redactSecrets(revealInvisible(code), known)
    .replace(OWN_MARKERS, '')
    .replace(/\r\n/g, '\n')
    .replace(/\n$/, '')
  return codeFence(body, info)
}
