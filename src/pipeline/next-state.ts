import type { Ledger } from '../findings/ledger.js'
import { mergeCoverage } from '../findings/run-state.js'
import type { RunState, StateFinding } from '../findings/run-state.js'
import type { PassOutcome } from '../vocabulary/pass.js'

/**
 * The run state after this run: coverage merged pass by pass, the findings
 * still open (and those the verifier dropped, so they are not paid for
 * twice), and every dismissal so far.
 */
export function nextRunState(input: {
  previous?: RunState
  headSha: string
  passes: ReadonlyArray<PassOutcome & { paths: readonly string[] }>
  ledger: Ledger
  currentPaths: ReadonlySet<string>
}): RunState {
  return {
    v: 2,
    head: input.headSha,
    coverage: mergeCoverage(
      input.previous?.coverage ?? [],
      input.passes,
      input.headSha,
      input.currentPaths
    ),
    findings: stateFindings(input.ledger, input.headSha),
    dismissed: [...(input.previous?.dismissed ?? [])]
  }
}

/**
 * The findings a run state keeps: open ones, and those the verifier dropped
 * (so they are not paid for twice). Called again after publishing, since
 * placement changes there (a comment GitHub refused is not "commented").
 */
export function stateFindings(ledger: Ledger, headSha: string): StateFinding[] {
  return ledger.findings
    .filter((f) => f.status === 'open' || f.status === 'dropped')
    .map((f) => ({
      fp: f.fingerprint,
      path: f.path,
      line: f.anchor?.line ?? f.line,
      severity: f.severity,
      confidence: f.confidence,
      areas: f.areas,
      title: f.title.slice(0, 200),
      head: f.origin === 'carried' ? f.head : headSha,
      status: f.status === 'dropped' ? ('dropped' as const) : ('open' as const),
      ...(f.commentId !== undefined || f.placement === 'inline'
        ? { commented: true }
        : {}),
      ...(f.verification ? { verdict: f.verification.verdict } : {})
    }))
}
