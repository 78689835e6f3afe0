/** Tests for src/action/shard-run.ts: a shard's run writes its file and publishes nothing. */
import { readFileSync, rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { reviewPullRequest } from '../src/action/review-run.js'
import { Outputs } from '../src/outputs.js'
import { actionRunOn, setTwice } from './helpers/action-harness.js'
import { OWNER, REPO, useLocalServers } from './helpers/local-servers.js'
import { securityFindsInjection } from './helpers/review-fixture.js'

describe('finishShard', () => {
  const servers = useLocalServers()

  it("writes the shard's passes to its file, sets shard-file and posts nothing", async () => {
    servers.answer = securityFindsInjection
    const f = servers.fixture()
    servers.serve(f, 1)
    const run = await actionRunOn(servers, f, { shard: '1/1' })
    const pullRequest = await run.source.getPullRequest(OWNER, REPO, 1)
    const writes = servers.github.writes.length
    expect(
      await reviewPullRequest(pullRequest, run, { passes: 'due' })
    ).toEqual({})
    expect(servers.github.writes.length).toBe(writes)
    const path = run.step.outputs[Outputs.ShardFile]
    try {
      const file = JSON.parse(readFileSync(path, 'utf8'))
      expect(file.shard).toBe('1/1')
      expect(file.head).toBe(f.head)
      expect(file.passes).toHaveLength(5)
      expect(
        file.passes.flatMap((p: { findings: unknown[] }) => p.findings)
      ).toHaveLength(1)
      expect(run.step.outputs[Outputs.Findings]).toBe('[]')
      expect(setTwice(run.step)).toEqual([])
      expect(run.step.summaries[0]).toMatch(
        /^Shard 1\/1: 5 pass\(es\), 0 not complete/
      )
    } finally {
      rmSync(path, { force: true })
    }
  })
})
