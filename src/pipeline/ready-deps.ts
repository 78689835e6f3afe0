/** What the pipeline holds once it can review: the head's files and the run's one cost cap. */
import { ConfigurationError } from '../errors.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import { CostCap } from '../review/cost-cap.js'
import { FatalReviewError } from '../review/review-runner.js'
import { priceOf } from '../vocabulary/model-pricing.js'
import type { PipelineDeps, ReviewerConfig } from './review-change.js'
import type { ReadyDeps } from './verify-ledger.js'

/** The deps once the pipeline can review: the head's files and the run's cap. */
export function readyDeps(
  deps: PipelineDeps,
  repository: RepositoryFiles,
  config: ReviewerConfig
): ReadyDeps {
  return { ...deps, repository, cap: runCap(config, deps) }
}

/**
 * The run's one `max-cost-usd` cap, over its passes and its verification.
 * A shard job (`shard: i/n`) gets 1/n of it, so the shards together stay
 * within it; the merge verifies within what they left.
 */
function runCap(
  config: ReviewerConfig,
  deps: PipelineDeps
): CostCap | undefined {
  const { maxCostUsd, verify, verifyModel } = config.settings
  if (maxCostUsd === undefined) return undefined
  for (const model of [config.model, ...(verify.length ? [verifyModel] : [])])
    if (!priceOf(model))
      throw new ConfigurationError(
        `max-cost-usd needs the price of the model, and '${model}' has none in the price table; set a known model or leave max-cost-usd empty.`
      )
  return new CostCap(
    deps.shard ? maxCostUsd / deps.shard.total : maxCostUsd,
    config.model
  )
}

/**
 * The models the review will call, confirmed by the Models API before the
 * first paid request: a mistyped name fails here, naming the known models,
 * instead of after the passes were paid.
 */
export async function confirmModels(
  client: PipelineDeps['client'],
  config: ReviewerConfig
): Promise<void> {
  const { verify, verifyModel } = config.settings
  const models = new Set([
    config.model,
    ...(verify.length ? [verifyModel] : [])
  ])
  for (const model of models) {
    const refused = await client?.confirmModel?.(model)
    if (refused) throw new FatalReviewError(refused.message, refused.reason)
  }
}
