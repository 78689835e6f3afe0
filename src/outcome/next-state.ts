import { applyDismissals } from '../findings/ledger.js'
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
    ...(input.previous?.paused ? { paused: input.previous.paused } : {}),
    ...(input.previous?.foldedDismissals
      ? { foldedDismissals: input.previous.foldedDismissals }
      : {}),
    ...(input.previous?.walkthrough
      ? { walkthrough: input.previous.walkthrough }
      : {})
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

/**
 * Takes in what a comment run wrote to the state while this run reviewed:
 * its dismissals (into the state, and into the ledger so they are neither
 * posted nor counted) and its pause or resume, unless this run is the one
 * that pauses or resumes. Returns the new state and ledger, and how many
 * dismissals were taken in.
 */
export function takeConcurrentEdits(
  state: RunStateCoverage,
  ledger: Ledger,
  current: RunState,
  options: { ownPause: boolean }
): { state: RunStateCoverage; ledger: Ledger; taken: number } {
  const known = new Set(state.dismissed.map((d) => d.fp))
  const added = current.dismissed.filter((d) => !known.has(d.fp))
  const { paused: _ours, ...unpaused } = state
  const pause = options.ownPause ? state.paused : current.paused
  return {
    state: {
      ...unpaused,
      dismissed: [...state.dismissed, ...added],
      ...(pause ? { paused: pause } : {})
    },
    ledger:
      added.length > 0
        ? { ...ledger, findings: applyDismissals(ledger.findings, added) }
        : ledger,
    taken: added.length
  }
}
