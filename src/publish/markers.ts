/**
 * Hidden markers that let re-runs find what this action posted before.
 * They sit at fixed places — the summary marker on the first line, the
 * state on the last — and every piece of PR-controlled text in a body is
 * escaped so that it cannot open an HTML comment, so none can be forged.
 */

export const SUMMARY_MARKER = '<!-- architect-review:summary -->'

/** The marker an inline comment carries: its finding's fingerprint. */
export function fingerprintMarker(fp: string): string {
  return `<!-- architect-review:fp=${fp} -->`
}

/** The fingerprint an inline comment of ours carries on its last line. */
export function fingerprintOf(body: string): string | undefined {
  const last = body.trimEnd().split('\n').pop() ?? ''
  return /^<!-- architect-review:fp=([0-9a-f]{16}) -->$/.exec(last)?.[1]
}

/** A one-time token in a body, to find a create whose response was lost. */
export function writeMarker(nonce: string): string {
  return `<!-- architect-review:write=${nonce} -->`
}

const STATE_PREFIX = '<!-- architect-review:state '
const STATE_SUFFIX = ' -->'

/** The last line of a summary: the sealed state (base64 and hex only). */
export function stateLine(sealed: string): string {
  if (!/^[A-Za-z0-9+/=.]+$/.test(sealed))
    throw new Error('a sealed state holds base64 and hex only')
  return `${STATE_PREFIX}${sealed}${STATE_SUFFIX}`
}

/** The sealed state from its fixed place, the body's last line; nothing else is read. */
export function sealedStateIn(body: string): string | undefined {
  const last = body.trimEnd().split('\n').pop() ?? ''
  if (!last.startsWith(STATE_PREFIX) || !last.endsWith(STATE_SUFFIX))
    return undefined
  return last.slice(STATE_PREFIX.length, -STATE_SUFFIX.length)
}

/** A summary of ours starts with the marker. */
export function isSummaryBody(body: string): boolean {
  return body.startsWith(`${SUMMARY_MARKER}\n`)
}
