import type { ReviewArea } from '../agents/agent.js'
import { coverageLookup } from '../findings/run-state.js'
import type { LastPass, RunState } from '../findings/run-state.js'
import type { ReviewUnit } from '../plan/review-plan.js'

/** The areas due for one unit. */
export interface ScheduledUnit {
  unit: ReviewUnit
  areas: ReviewArea[]
}

export interface ReviewScope {
  work: ScheduledUnit[]
  /** (unit, area) passes due. */
  passCount: number
  /** e.g. "8 of 10 passes: 5 changed since abc123, 3 that did not complete". */
  description: string
}

export interface ScopeOptions {
  /** `incremental` reviews only what is due; `full` reviews every pass. */
  mode: 'incremental' | 'full'
  headSha: string
  /** Files changed between an earlier head and this one; undefined when the host cannot say. */
  changedSince(head: string): Promise<readonly string[] | undefined>
}

/**
 * Which passes this run makes. A (unit, area) pass is due unless every file
 * of the unit was covered by a complete pass of that area at a head since
 * which the file did not change. Failed, unfinished and never-run passes are
 * always due — also on the same head, so "Re-run job" does the missing work.
 */
export async function reviewScope(
  units: readonly ReviewUnit[],
  areas: readonly ReviewArea[],
  state: RunState | undefined,
  options: ScopeOptions
): Promise<ReviewScope> {
  const total = units.length * areas.length
  const everything = (why: string): ReviewScope => ({
    work: units.map((unit) => ({ unit, areas: [...areas] })),
    passCount: total,
    description: `full review (${why})`
  })
  if (options.mode === 'full') return everything('incremental is off')
  if (!state) return everything('no earlier review')
  if (state.partial) return everything('the earlier state was partial')

  const changedAt = await changesSinceEachHead(state, options)
  const lastPass = coverageLookup(state)
  const reasons = { changed: 0, unfinished: 0, unknown: 0 }
  const work: ScheduledUnit[] = []
  for (const unit of units) {
    const due = areas.filter((area) => {
      const why = dueBecause(
        unit,
        area.id,
        lastPass,
        changedAt,
        options.headSha
      )
      if (why) reasons[why]++
      return why !== undefined
    })
    if (due.length > 0) work.push({ unit, areas: due })
  }
  const passCount = work.reduce((n, w) => n + w.areas.length, 0)
  return {
    work,
    passCount,
    description: describe(passCount, total, reasons, state.head)
  }
}

type Due = 'changed' | 'unfinished' | 'unknown'

function dueBecause(
  unit: ReviewUnit,
  area: string,
  lastPass: (path: string, area: string) => LastPass | undefined,
  changedAt: ReadonlyMap<string, ReadonlySet<string> | undefined>,
  headSha: string
): Due | undefined {
  for (const { file } of unit.files) {
    const last = lastPass(file.path, area)
    if (!last) return 'unknown'
    if (last.status !== 'complete') return 'unfinished'
    if (last.head === headSha) continue
    const changed = changedAt.get(last.head)
    if (!changed) return 'unknown'
    if (
      changed.has(file.path) ||
      (file.previousPath !== undefined && changed.has(file.previousPath))
    )
      return 'changed'
  }
  return undefined
}

/** One comparison per earlier head the coverage names (usually one or two). */
async function changesSinceEachHead(
  state: RunState,
  options: ScopeOptions
): Promise<Map<string, ReadonlySet<string> | undefined>> {
  const heads = new Set(
    state.coverage.map((r) => r.head).filter((h) => h !== options.headSha)
  )
  const changed = new Map<string, ReadonlySet<string> | undefined>()
  for (const head of heads) {
    const files = await options.changedSince(head)
    changed.set(head, files ? new Set(files) : undefined)
  }
  return changed
}

function describe(
  due: number,
  total: number,
  reasons: Record<Due, number>,
  lastHead: string
): string {
  if (due === 0)
    return `nothing due: every pass completed at an unchanged head (last review ${lastHead.slice(0, 12)})`
  const parts = [
    reasons.changed &&
      `${reasons.changed} changed since ${lastHead.slice(0, 12)}`,
    reasons.unfinished && `${reasons.unfinished} that did not complete before`,
    reasons.unknown &&
      `${reasons.unknown} not reviewed before or not comparable`
  ].filter(Boolean)
  return `${due} of ${total} passes due: ${parts.join(', ')}`
}
