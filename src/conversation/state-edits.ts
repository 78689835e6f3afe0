import type { DismissedFinding, RunState } from '../findings/run-state.js'

/** A change to the run state that a command makes before the summary is written again. */
export type StateEdit = (state: RunState | undefined, head: string) => RunState

/** The state before any review: nothing covered, nothing found. */
function emptyState(head: string): RunState {
  return { v: 2, head, coverage: [], findings: [], dismissed: [] }
}

/** Automatic runs skip the pull request from now on. */
export function pause(by: string, at: string): StateEdit {
  return (state, head) => ({
    ...(state ?? emptyState(head)),
    paused: { by, at }
  })
}

/** Automatic runs review the pull request again. */
export function resume(): StateEdit {
  return (state, head) => {
    const { paused: _paused, ...rest } = state ?? emptyState(head)
    return rest
  }
}

/**
 * Records a dismissal of the finding with fingerprint `fp`, taking what it
 * was (title, line, severity, areas) from the state, so it is listed after
 * it is no longer reported. A finding dismissed twice keeps the first record.
 */
export function dismiss(dismissal: {
  fp: string
  path: string
  by: string
  at: string
  reason: string
}): StateEdit {
  return (state, head) => {
    const current = state ?? emptyState(head)
    if (current.dismissed.some((d) => d.fp === dismissal.fp)) return current
    const finding = current.findings.find((f) => f.fp === dismissal.fp)
    const record: DismissedFinding = {
      ...dismissal,
      path: finding?.path ?? dismissal.path,
      title: finding?.title ?? '',
      ...(finding
        ? {
            line: finding.line,
            severity: finding.severity,
            areas: [...finding.areas]
          }
        : {})
    }
    return { ...current, dismissed: [...current.dismissed, record] }
  }
}
