import type { PullRequestWriter } from '../github/pull-request-writer.js'
import type { ReviewUnit } from '../plan/review-plan.js'
import type { StateFinding } from './markers.js'
import type { PreviousReview } from './previous-review.js'

/** Which units this run reviews, and what it carries over from the last run. */
export interface ReviewScope {
  units: ReviewUnit[]
  carried: StateFinding[]
  /** Paths whose earlier findings this run re-checks (gone → resolved). */
  recheckedPaths: Set<string>
  description: string
}

/**
 * With `incremental`, only units with a file changed since the last
 * reviewed head are reviewed again; findings on the other units' files are
 * carried from the summary's state. Anything uncertain (no state, a partial
 * state, a head GitHub cannot compare with) means a full review.
 */
export async function reviewScope(
  units: ReviewUnit[],
  previous: PreviousReview,
  incremental: boolean,
  writer: Pick<PullRequestWriter, 'changedFilesBetween'>,
  headSha: string
): Promise<ReviewScope> {
  const paths = new Set(units.flatMap((u) => u.files.map((f) => f.file.path)))
  const stalePaths = (previous.state?.findings ?? [])
    .map((f) => f.path)
    .filter((p) => !paths.has(p))
  const full = (why: string): ReviewScope => ({
    units,
    carried: [],
    recheckedPaths: new Set([...paths, ...stalePaths]),
    description: `full review (${why})`
  })
  const state = previous.state
  if (!incremental) return full('incremental is off')
  if (!state) return full('no earlier review')
  if (state.partial) return full('the earlier state was partial')
  const changed =
    state.head === headSha
      ? []
      : await writer.changedFilesBetween(state.head, headSha)
  if (changed === undefined)
    return full(`cannot compare with ${state.head.slice(0, 12)}`)
  const touched = new Set(changed)
  const again = units.filter((u) =>
    u.files.some(
      (f) =>
        touched.has(f.file.path) ||
        (f.file.previousPath !== undefined && touched.has(f.file.previousPath))
    )
  )
  const rechecked = new Set(
    again.flatMap((u) => u.files.map((f) => f.file.path))
  )
  return {
    units: again,
    carried: state.findings.filter(
      (f) => paths.has(f.path) && !rechecked.has(f.path)
    ),
    recheckedPaths: new Set([...rechecked, ...stalePaths]),
    description:
      state.head === headSha
        ? `head unchanged since the last review: nothing reviewed again`
        : `reviewed ${again.length} of ${units.length} unit(s) changed since ${state.head.slice(0, 12)}`
  }
}
