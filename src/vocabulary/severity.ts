/** Severity of a finding, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Position of a severity in SEVERITIES: lower is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/** Most severe first, then most confident: the order findings are shown and kept in. */
export function bySeverity(
  a: { severity: Severity; confidence: number },
  b: { severity: Severity; confidence: number }
): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    b.confidence - a.confidence
  )
}

/** `severity` is `limit` or more severe. */
export function atLeast(severity: Severity, limit: Severity): boolean {
  return severityRank(severity) <= severityRank(limit)
}
