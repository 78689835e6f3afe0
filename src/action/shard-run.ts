import type { ReviewRunResult } from '../conversation/comment-run.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import { shardFileOf } from '../outcome/shard-file.js'
import { Outputs } from '../outputs.js'
import { planOutputs, setOutputs } from '../publish/action-outputs.js'
import { writeShardFile } from '../publish/shard-files.js'
import type { ActionRun } from './action-run.js'

/** A shard run publishes nothing: it hands its passes to the merge run in a file (output shard-file). */
export async function finishShard(
  outcome: ReviewOutcome & { kind: 'shard' },
  run: ActionRun
): Promise<ReviewRunResult> {
  const { step } = run
  const { shard } = outcome
  const path = await writeShardFile(shardFileOf(outcome, shard))
  setOutputs(step.setOutput, {
    ...planOutputs(outcome),
    [Outputs.ShardFile]: path
  })
  const line = `Shard ${shard.index}/${shard.total}: ${outcome.passes.length} pass(es), ${outcome.unfinished.length} not complete; its file is ${path}. The merge run publishes the review.`
  step.log.info(line)
  await step.summarize(line)
  return {}
}
