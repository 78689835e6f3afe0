import { gatherContext } from '../context/gather-context.js'
import type { GatheredContext } from '../context/gather-context.js'
import type { ReviewUnit } from '../plan/review-plan.js'
import type { ToolContext } from '../tools/tool-context.js'
import { Limiter } from './limiter.js'

/** Units whose context is gathered at once, after the first unit's (and within `concurrency`). */
export const CONTEXT_CONCURRENCY = 4

/**
 * Each unit's context, as a promise by index. The first unit's is gathered
 * alone, so the first request waits for no other unit; the rest are then
 * gathered `CONTEXT_CONCURRENCY` at a time while the first passes run, and a
 * unit's passes start as soon as its own context is ready.
 */
export function contextsInParallel(
  job: {
    toolContext: ToolContext
    contextTokens?: number
    concurrency: number
  },
  work: ReadonlyArray<{ unit: ReviewUnit }>
): (index: number) => Promise<GatheredContext> {
  const gather = (unit: ReviewUnit): Promise<GatheredContext> =>
    gatherContext(unit, job.toolContext, job.contextTokens ?? 0)
  const limiter = new Limiter(Math.min(job.concurrency, CONTEXT_CONCURRENCY))
  const first = work.length > 0 ? gather(work[0].unit) : undefined
  const rest = first?.then(() =>
    work.slice(1).map(({ unit }) => limiter.run(() => gather(unit)))
  )
  return async (index) => (index === 0 ? first! : (await rest!)[index - 1])
}
