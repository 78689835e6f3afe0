/**
 * The benchmark end to end, offline: a small AACR-shaped set of three PRs
 * written for this test, in two local projects served as git remotes,
 * its label file served from a local folder and checked by SHA-256, the
 * review answered by the local Messages server (scripted findings) and
 * the judge scripted by it too; run through the built CLI.
 *
 * The figures, computed by hand (location gate: same file, lines within
 * ±3 of the label's; the judge is asked only about findings that pass it):
 *
 * acme/shop#1 — labels L0 SQL concatenation (orders.ts:5), L1 no
 *   pagination (orders.ts:9), L2 token logged (auth.ts:3); a fourth label,
 *   Maintainability, is not a defect category and is dropped.
 *   Findings F0 orders.ts:5 "SQL injection…", F1 orders.ts:20 "Unbounded
 *   list query", F2 auth.ts:3 "Secret token written to logs".
 *   L0 ← F0 (only F0 passes the gate; judge 0.95). L1: F0 (line 5) and F1
 *   (line 20) are outside 6–12: no judge request, missed. L2 ← F2 (0.9).
 *   → 3 findings, 2 matched; 3 labels, 2 found; 2 judge requests.
 * acme/shop#2 — labels L0 race on the stock (stock.ts:4–6), L1 stock goes
 *   negative (stock.ts:5). Findings F0 stock.ts:5 "…not atomic and can go
 *   negative", F1 stock.ts:12 "Unused helper" (outside both gates).
 *   The judge matches F0 to L0 (0.9) and to L1 (0.8): one finding cannot
 *   claim two labels, so F0 → L0 by confidence and L1 is missed.
 *   → 2 findings, 1 matched; 2 labels, 1 found; 2 judge requests.
 * acme/billing#3 (Go) — label L0 division by zero (invoice.go:7); the
 *   review finds nothing. → 0 findings; 1 label, 0 found; no judge request.
 *
 * Overall: precision 3/5 = 60.0%, recall 3/6 = 50.0%,
 * F1 = 2·0.6·0.5/1.1 = 54.5%. Model requests: 5 passes per PR (one unit,
 * one turn each; medium findings are not verified) = 15, and 4 judge
 * requests = 19.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import {
  buildOfflineSet,
  offlineModel,
  SET_COMMIT
} from '../dev/benchmark-offline-set.js'
import { runBuiltCli } from './helpers/cli-runner.js'

describe('architect-review benchmark, offline', () => {
  let anthropic: LocalAnthropic
  let root: string
  let env: Record<string, string>
  let args: string[]
  const judged: string[] = []

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'architect-review-benchmark-'))
    args = buildOfflineSet(root)
    anthropic = new LocalAnthropic(offlineModel(judged))
    env = {
      ANTHROPIC_API_KEY: anthropic.apiKey,
      ANTHROPIC_BASE_URL: await anthropic.start()
    }
  })

  afterAll(async () => {
    await anthropic.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('fetches from the remotes, reviews, gates, judges one-to-one and reports the figures computed by hand; a second run continues, a third redoes what was removed', async () => {
    const first = await runBuiltCli([...args, '--concurrency', '2'], { env })
    expect(first.code, first.stderr).toBe(0)
    expect(anthropic.calls).toHaveLength(19)
    expect(judged.sort()).toEqual([
      'Race condition on the stock decrement',
      'SQL built by string concatenation',
      'Stock can go negative',
      'Token logged in plain text'
    ])
    expect(first.stdout).toContain(
      '| **all** | 5 | 3 | 6 | 3 | 60.0 | 50.0 | 54.5 |'
    )
    expect(first.stderr).toMatch(/\[#{24}\] 3\/3 PRs · \$\d+\.\d\d/)
    const reportText = readFileSync(join(root, 'results/report.md'), 'utf8')
    expect(reportText).toContain(
      '| TypeScript | 5 | 3 | 5 | 3 | 60.0 | 60.0 | 60.0 |'
    )
    expect(reportText).toContain('| Go | 0 | 0 | 1 | 0 | – | 0.0 | – |')
    expect(reportText).toContain(
      '- found (0.90): Race condition on the stock decrement `src/stock.ts:4` ← Stock decrement is not atomic and can go negative'
    )
    expect(reportText).toContain(
      '- missed: Stock can go negative `src/stock.ts:5`'
    )
    expect(reportText).toContain(
      '- missed: Missing pagination on the list `src/orders.ts:9`'
    )
    expect(reportText).not.toContain('Name the constant')
    const pr2 = JSON.parse(
      readFileSync(join(root, 'results/prs/acme_shop_2.json'), 'utf8')
    )
    expect(pr2.matches).toEqual([{ label: 0, finding: 0, confidence: 0.9 }])
    expect(pr2.config.judgeModel).toBe('claude-haiku-5-5')

    const again = await runBuiltCli(args, { env })
    expect(again.code, again.stderr).toBe(0)
    expect(anthropic.calls).toHaveLength(19)
    expect(again.stdout).toContain(
      '| **all** | 5 | 3 | 6 | 3 | 60.0 | 50.0 | 54.5 |'
    )

    rmSync(join(root, 'results/prs/acme_shop_2.json'))
    const third = await runBuiltCli(args, { env })
    expect(third.code, third.stderr).toBe(0)
    // PR 2 alone: its five passes and its two judge requests.
    expect(anthropic.calls).toHaveLength(26)
    expect(third.stdout).toContain(
      '| **all** | 5 | 3 | 6 | 3 | 60.0 | 50.0 | 54.5 |'
    )
  })

  it('plans without a key from the cache: the PR list and an estimate from each PR’s own plan', async () => {
    const plan = await runBuiltCli([...args, '--plan'], { env: {} })
    expect(plan.code, plan.stderr).toBe(0)
    expect(plan.stdout).toContain('3 PRs · 6 labels')
    expect(plan.stdout).toMatch(
      /\| acme\/shop#1 \| TypeScript \| 3 \| (–|\d+) \| \$\d\.\d{3} \| \$\d\.\d{3} \| (plan|typical PR) \|/
    )
  })

  it('refuses a label file whose SHA-256 is not the recorded one, in one line, with exit 2', async () => {
    const file = join(
      root,
      'labels/acme/bench',
      SET_COMMIT,
      'dataset/positive_samples.json'
    )
    const tampered = join(root, 'tampered')
    mkdirSync(join(tampered, 'acme/bench', SET_COMMIT, 'dataset'), {
      recursive: true
    })
    writeFileSync(
      join(tampered, 'acme/bench', SET_COMMIT, 'dataset/positive_samples.json'),
      readFileSync(file, 'utf8').replace(
        'Stock can go negative',
        'Stock may go negative'
      )
    )
    const refused = await runBuiltCli(
      [
        ...args.slice(0, args.indexOf('--labels-url')),
        '--labels-url',
        tampered,
        '--cache',
        join(root, 'other-cache'),
        '--plan'
      ],
      { env: {} }
    )
    expect(refused.code).toBe(2)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(refused.stderr).toMatch(
      /dataset\/positive_samples\.json of acme\/bench@c0ffee00c0ff has SHA-256 [0-9a-f]{64}, not the recorded [0-9a-f]{64}: refused/
    )
  })
})
