import { bySeverity } from '../vocabulary/severity.js'
import type { LedgerFinding } from '../findings/ledger.js'
import type { Logger, LogLocation } from '../logging.js'
import { safeInline } from '../text/sanitize.js'

/** GitHub shows at most 10 annotations of each type per step. */
export const ANNOTATIONS_PER_TYPE = 10

/**
 * When the review cannot be posted (fork PR, read-only token), findings
 * become workflow annotations on their lines, most severe first, within
 * GitHub's per-step limits. Returns how many were emitted.
 */
export function annotate(
  findings: readonly LedgerFinding[],
  log: Logger,
  secrets: readonly string[] = []
): number {
  const ordered = [...findings].sort(bySeverity)
  const used = { error: 0, warning: 0, notice: 0 }
  let emitted = 0
  for (const finding of ordered) {
    const kind =
      finding.severity === 'critical' || finding.severity === 'high'
        ? 'error'
        : finding.severity === 'info'
          ? 'notice'
          : 'warning'
    if (used[kind] >= ANNOTATIONS_PER_TYPE) continue
    used[kind]++
    emitted++
    const properties: LogLocation = {
      title:
        `${finding.severity} · ${finding.areas.join(', ')}: ${safeInline(finding.title, secrets)}`.slice(
          0,
          250
        ),
      file: finding.path,
      startLine:
        finding.anchor?.startLine ?? finding.anchor?.line ?? finding.line,
      endLine: finding.anchor?.line ?? finding.end_line ?? finding.line
    }
    const message =
      finding.problem === undefined
        ? 'Reported by an earlier run; still open.'
        : `${safeInline(finding.problem, secrets)} Recommendation: ${safeInline(finding.recommendation ?? '', secrets)}`
    log[kind](message, properties)
  }
  return emitted
}
