/** Tests for src/action/merge-run.ts: the shard files a merge run reads. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMergeInput } from '../src/action/merge-run.js'
import { writeShardFile } from '../src/publish/shard-files.js'
import { readSettings } from '../src/settings.js'
import { memoryStep } from './helpers/action-harness.js'

const runWith = (mergeFrom: string, workspace?: string) => ({
  settings: readSettings(
    (name) =>
      ({ 'merge-from': mergeFrom, 'anthropic-api-key': 'sk-x' })[name] ?? '',
    {}
  ),
  runner: {
    eventName: 'pull_request',
    owner: 'o',
    repo: 'r',
    apiUrl: 'http://127.0.0.1:1',
    serverUrl: 'https://github.com',
    workspace
  },
  step: memoryStep()
})

describe('readMergeInput', () => {
  it('is no merge without merge-from', async () => {
    expect(await readMergeInput(runWith(''))).toBeUndefined()
  })

  it('reads every shard file of the folder, relative to the checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'merge-'))
    try {
      const shard = (index: number) => ({
        version: 1 as const,
        shard: `${index}/2`,
        head: 'a'.repeat(40),
        plan: 'b'.repeat(64),
        model: 'claude-sonnet-5-5',
        passes: [],
        context: []
      })
      mkdirSync(join(dir, 'shards'))
      await writeShardFile(shard(1) as never, join(dir, 'shards'))
      await writeShardFile(shard(2) as never, join(dir, 'shards'))
      const run = runWith('shards', dir)
      const files = await readMergeInput(run)
      expect(files?.map((f) => f.file.shard).sort()).toEqual(['1/2', '2/2'])
      expect(run.step.lines).toContain('group: Shard files')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads no file from a folder no shard delivered to: the merge lists their passes as not run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'merge-'))
    try {
      expect(await readMergeInput(runWith('missing', dir))).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
