/**
 * The ledger's steps after it is built, each returning a new ledger: the
 * verifier's verdicts, then where each open finding is shown.
 */
import { bySeverity } from '../vocabulary/severity.js'
import type { Severity } from '../vocabulary/severity.js'
import type { Ledger, LedgerFinding, Placement } from './ledger.js'
import type { Verification } from './finding.js'

/** Open findings this run reported that the verifier has not judged yet. */
export function awaitingVerification(
  ledger: Ledger,
  severities: readonly Severity[]
): LedgerFinding[] {
  return ledger.findings.filter(
    (f) =>
      f.status === 'open' &&
      f.origin !== 'carried' &&
      !f.verification &&
      severities.includes(f.severity)
  )
}

/** The ledger with the verifier's verdicts; a `drop` takes the finding out of what is open. */
export function applyVerdicts(
  ledger: Ledger,
  verdicts: ReadonlyMap<LedgerFinding, Verification>
): Ledger {
  return {
    ...ledger,
    findings: ledger.findings.map((finding) => {
      const verdict = verdicts.get(finding)
      if (!verdict) return finding
      return verdict.verdict === 'drop'
        ? {
            ...finding,
            verification: verdict,
            status: 'dropped' as const,
            reason: `dropped by verification: ${verdict.reason}`
          }
        : { ...finding, verification: verdict }
    })
  }
}

/**
 * Decides where each open finding is shown: an earlier comment stands;
 * new ones with an anchor go inline, most severe first, up to
 * `maxComments`; the rest are listed in the summary with the reason.
 */
export function placeFindings(ledger: Ledger, maxComments: number): Ledger {
  const inline = new Set(
    ledger.findings
      .filter(
        (f) =>
          f.status === 'open' &&
          f.commentId === undefined &&
          f.origin !== 'carried' &&
          f.anchor
      )
      .sort(bySeverity)
      .slice(0, maxComments)
  )
  return withPlacements(ledger, (finding) => {
    if (finding.status !== 'open') return undefined
    if (finding.commentId !== undefined) return { placement: 'commented' }
    if (finding.origin === 'carried' || !finding.anchor)
      return {
        placement: 'summary',
        reason:
          finding.reason ?? (finding.anchor ? undefined : 'outside the diff')
      }
    return inline.has(finding)
      ? { placement: 'inline' }
      : { placement: 'summary', reason: `over max-comments (${maxComments})` }
  })
}

/** Where one finding is shown, and why when not where it would be. */
export interface Place {
  placement: Placement
  reason?: string
}

/** The ledger with each finding where `placeOf` puts it (undefined: as it was). */
export function withPlacements(
  ledger: Ledger,
  placeOf: (finding: LedgerFinding) => Place | undefined
): Ledger {
  return {
    ...ledger,
    findings: ledger.findings.map((finding) => {
      const place = placeOf(finding)
      return place ? { ...finding, ...place } : finding
    })
  }
}
