import type { FileHeads } from '../diff/file-content.js'
import { selectFiles } from '../diff/file-selection.js'
import type { GitAttributes } from '../diff/git-attributes.js'
import type { ChangedFile } from '../diff/types.js'
import type { ReviewSettings } from '../settings.js'
import { estimateCost } from './cost-estimate.js'
import type { CostEstimate } from './cost-estimate.js'
import { planReview } from './review-plan.js'
import type { ReviewPlan } from './review-plan.js'

export interface PlannedChange {
  plan: ReviewPlan
  estimate: CostEstimate
}

/** How the plan will be reviewed: for the cost estimate. */
export interface ReviewShape {
  areaCount: number
  model: string
}

/** Filters a change's files and packs the rest into review units, with a cost estimate. */
export function planChange(
  files: readonly ChangedFile[],
  settings: Pick<
    ReviewSettings,
    | 'include'
    | 'exclude'
    | 'maxFiles'
    | 'maxDiffTokens'
    | 'blockedPaths'
    | 'maxContextTokens'
    | 'failOn'
  >,
  shape: ReviewShape,
  attributes?: GitAttributes,
  heads?: FileHeads,
  baseHeads?: FileHeads
): PlannedChange {
  const selection = selectFiles(files, {
    include: settings.include,
    exclude: settings.exclude,
    maxFiles: settings.maxFiles,
    attributes,
    blocked: settings.blockedPaths,
    heads,
    baseHeads,
    // While a gate is set, the change may not hide its own files from it.
    distrustChangeMarkers: settings.failOn !== 'none'
  })
  const plan = planReview(
    selection.reviewable,
    selection.skipped,
    settings.maxDiffTokens
  )
  return {
    plan,
    estimate: estimateCost(
      plan,
      shape.areaCount,
      shape.model,
      settings.maxContextTokens
    )
  }
}
