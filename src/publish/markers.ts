/** Hidden markers that let re-runs find what this action posted before. */

export const SUMMARY_MARKER = '<!-- architect-review:summary -->'

/** The marker an inline comment carries: its finding's fingerprint. */
export function fingerprintMarker(fp: string): string {
  return `<!-- architect-review:fp=${fp} -->`
}

/** Fingerprints named by markers in a comment body. */
export function fingerprintsIn(body: string): string[] {
  return [...body.matchAll(/<!-- architect-review:fp=([0-9a-f]{16}) -->/g)].map(
    (m) => m[1]
  )
}

/** What the summary remembers for the next run. */
export interface ReviewState {
  v: 1
  /** The head SHA this state describes. */
  head: string
  /** Units' files that were reviewed (for incremental runs). */
  findings: StateFinding[]
  /** The review left findings out of the state to stay under GitHub's size limit. */
  partial?: boolean
}

/** A finding as the state keeps it: enough to list it and match it again. */
export interface StateFinding {
  fp: string
  path: string
  line: number
  severity: string
  areas: string[]
  title: string
  disposition: string
}

const STATE_PREFIX = '<!-- architect-review:state '

/** The state as a marker: base64 JSON, so nothing in it can end the comment. */
export function stateMarker(state: ReviewState): string {
  return `${STATE_PREFIX}${Buffer.from(JSON.stringify(state)).toString('base64')} -->`
}

/** The state in a summary body, if it holds a readable one. */
export function readState(body: string): ReviewState | undefined {
  const at = body.indexOf(STATE_PREFIX)
  if (at < 0) return undefined
  const end = body.indexOf(' -->', at)
  try {
    const state = JSON.parse(
      Buffer.from(body.slice(at + STATE_PREFIX.length, end), 'base64').toString(
        'utf8'
      )
    ) as ReviewState
    return state?.v === 1 &&
      typeof state.head === 'string' &&
      Array.isArray(state.findings)
      ? state
      : undefined
  } catch {
    return undefined
  }
}
