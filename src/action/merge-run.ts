import type { ShardFile } from '../outcome/shard-file.js'
import { readShardFiles } from '../publish/shard-files.js'
import type { ActionRun } from './action-run.js'

/**
 * The shard files a merge run (`merge-from`) reviews from, each checked
 * against this head and plan by the pipeline; undefined when the run is
 * not a merge. A merge makes no passes: it verifies and publishes once.
 */
export async function readMergeInput(
  run: Pick<ActionRun, 'settings' | 'runner' | 'step'>
): Promise<ReadonlyArray<{ source: string; file: ShardFile }> | undefined> {
  const { mergeFrom } = run.settings
  if (!mergeFrom) return undefined
  return run.step.log.group('Shard files', async () => {
    const files = await readShardFiles(mergeFrom, run.runner.workspace)
    run.step.log.info(
      `${files.length} shard file(s) from ${mergeFrom}: ${files.map((f) => f.source).join(', ') || 'none'}`
    )
    return files
  })
}
