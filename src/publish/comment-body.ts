import type { Severity } from '../vocabulary/severity.js'
import { fingerprintMarker } from './markers.js'
import type { LedgerFinding } from '../findings/ledger.js'
import { fenced, safeInline, safeProse } from '../text/sanitize.js'

/** GitHub rejects bodies over 65,536 characters; we stay well under. */
export const MAX_BODY_CHARS = 60_000

export const SEVERITY_ICONS: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪'
}

export function severityLabel(severity: Severity): string {
  return `${SEVERITY_ICONS[severity]} ${severity[0].toUpperCase()}${severity.slice(1)}`
}

/**
 * An inline comment: severity, areas, title, problem, recommendation, a
 * suggestion block when it replaces the commented RIGHT-side lines, and the
 * hidden fingerprint marker.
 */
export function inlineCommentBody(
  finding: LedgerFinding,
  secrets: readonly string[] = []
): string {
  const parts = [
    `**${severityLabel(finding.severity)}** · ${finding.areas.join(', ')} — **${safeInline(finding.title, secrets)}**`,
    '',
    safeProse(finding.problem ?? '', secrets),
    '',
    `**Recommendation:** ${safeProse(finding.recommendation ?? '', secrets)}`
  ]
  if (finding.suggestion !== undefined && finding.suggestionApplies) {
    parts.push('', fenced(finding.suggestion, 'suggestion', secrets))
  }
  parts.push(
    '',
    `<sub>architect-review · confidence ${finding.confidence.toFixed(2)}</sub>`
  )
  return fit(parts.join('\n'), fingerprintMarker(finding.fingerprint))
}

/** Keeps a body under the limit, saying so, and always ends with `tail` (the marker). */
export function fit(body: string, tail: string): string {
  const room = MAX_BODY_CHARS - tail.length - 80
  const text =
    body.length <= room
      ? body
      : `${body.slice(0, room)}\n\n… (truncated: ${body.length - room} more characters)`
  return `${text}\n${tail}`
}
