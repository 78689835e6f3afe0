import { SEVERITIES } from '../agents/agent.js'
import type { Severity } from '../agents/agent.js'
import { isOpen } from './reconcile.js'
import type { PublishedFinding } from './reconcile.js'

/** `fail-on` values: a severity, or none. */
export type FailOn = Severity | 'none'

/**
 * The findings at or above `failOn` that should fail the step. Filtered
 * findings (below min-severity or min-confidence) never trip it.
 */
export function gateFindings(
  findings: readonly PublishedFinding[],
  failOn: FailOn
): PublishedFinding[] {
  if (failOn === 'none') return []
  const limit = SEVERITIES.indexOf(failOn)
  return findings.filter(
    (f) => isOpen(f) && SEVERITIES.indexOf(f.severity) <= limit
  )
}

/** The step's failure message, naming the findings that tripped the gate. */
export function gateMessage(
  tripped: readonly PublishedFinding[],
  failOn: FailOn
): string {
  const listed = tripped
    .slice(0, 20)
    .map(
      (f) => `- ${f.severity} ${f.path}:${f.anchor?.line ?? f.line} ${f.title}`
    )
    .join('\n')
  const more =
    tripped.length > 20 ? `\n- … and ${tripped.length - 20} more` : ''
  return `fail-on: ${failOn} — ${tripped.length} finding(s) at or above ${failOn}:\n${listed}${more}`
}
