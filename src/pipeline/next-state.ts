import type { Ledger } from '../findings/ledger.js'
import { mergeCoverage } from '../findings/run-state.js'
import type { RunState, StateFinding } from '../findings/run-state.js'
import type { PassOutcome } from '../vocabulary/pass.js'

/** A run state before its findings: those are taken from the ledger when it is sealed, after publishing. */
export type RunStateCoverage = Omit<RunState, 'findings'>

/** The run state after this run, less its findings: coverage merged pass by pass, and every dismissal so far. */
export function nextRunState(input: {
  previous?: RunState
  headSha: string
  passes: ReadonlyArray<PassOutcome & { paths: readonly string[] }>
  currentPaths: ReadonlySet<string>
}): RunStateCoverage {
  return {
    v: 2,
    head: input.headSha,
    coverage: mergeCoverage(
      input.previous?.coverage ?? [],
      input.passes,
      input.headSha,
      input.currentPaths
    ),
    dismissed: [...(input.previous?.dismissed ?? [])],
    ...(input.previous?.paused ? { paused: input.previous.paused } : {})
  }
}

/**
 * The whole run state: the findings it keeps are the open ones and those
 * the verifier dropped (so they are not paid for twice). Taken after
 * publishing, since placement changes there (a comment GitHub refused is
 * not "commented").
 */
export function completeRunState(
  coverage: RunStateCoverage,
  ledger: Ledger
): RunState {
  return { ...coverage, findings: stateFindings(ledger, coverage.head) }
}

function stateFindings(ledger: Ledger, headSha: string): StateFinding[] {
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
