/**
 * The bundled action as users run it: `node dist/index.js` with the runner's
 * environment, against the local GitHub and Messages API servers, on the
 * 40-file reference PR. Measures start-up to the first request, GitHub
 * requests per run (1 finding vs 60), peak memory, and the bundle's size.
 */
import { execFile } from 'node:child_process'
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import { createGitFixture } from '../dev/git-fixture.js'
import { LocalGitHub } from '../dev/github-server.js'
import { diffEntries, pullRequestPayload } from '../dev/pull-request-fixture.js'
import { report } from '../dev/review-script.js'

const ROOT = resolve(import.meta.dirname, '..')

export interface ActionRunFigures {
  findings: number
  startupMs: number
  wallMs: number
  githubRequests: number
  peakRssMb: number
}

export interface BundleFigures {
  indexKb: number
  mapKb: number
  chunksKb: number
  totalKb: number
}

function sizeOf(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, entry) =>
      sum +
      (entry.isDirectory()
        ? sizeOf(join(dir, entry.name))
        : statSync(join(dir, entry.name)).size),
    0
  )
}

export function bundleFigures(): BundleFigures {
  const dist = resolve(ROOT, 'dist')
  const chunks = readdirSync(dist).filter((f) => /^\d+\.index\.js$/.test(f))
  return {
    indexKb: statSync(join(dist, 'index.js')).size / 1024,
    mapKb: statSync(join(dist, 'index.js.map')).size / 1024,
    chunksKb:
      chunks.reduce((sum, f) => sum + statSync(join(dist, f)).size, 0) / 1024,
    totalKb: sizeOf(dist) / 1024
  }
}

export async function runActionBench(): Promise<ActionRunFigures[]> {
  const repo = createGitFixture('architect-review-action-bench-')
  for (let i = 0; i < 40; i++)
    repo.write(`services/orders/handler${i}.ts`, `export const v${i} = 1\n`)
  const base = repo.commit('base')
  for (let i = 0; i < 40; i++) {
    repo.write(
      `services/orders/handler${i}.ts`,
      Array.from(
        { length: 30 },
        (_, l) =>
          `export const h${i}_${l} = (req) => db.query('SELECT ' + req.q${l})`
      ).join('\n') + '\n'
    )
  }
  const head = repo.commit('handlers')
  const github = new LocalGitHub()
  let findings = 1
  const anthropic = new LocalAnthropic(() => ({
    content: [
      report(
        Array.from({ length: findings }, (_, i) => ({
          area: 'security',
          severity: 'high',
          confidence: 0.9,
          path: `services/orders/handler${i % 40}.ts`,
          line: 1 + Math.floor(i / 40),
          title: `Injection ${i}`,
          problem: 'Request data is concatenated into SQL.',
          recommendation: 'Use parameters.'
        }))
      )
    ]
  }))
  const apiUrl = await github.start()
  const modelUrl = await anthropic.start()
  const dir = mkdtempSync(join(tmpdir(), 'architect-review-action-bench-'))
  try {
    const figures: ActionRunFigures[] = []
    const files = diffEntries(repo, base, head)
    for (const [number, count] of [
      [1, 1],
      [2, 60]
    ]) {
      findings = count
      const payload = pullRequestPayload({
        owner: 'octo',
        repo: 'shop',
        number,
        baseSha: base,
        headSha: head,
        changedFiles: files.length
      })
      github.addPullRequest('octo', 'shop', {
        data: payload.pull_request as { number: number },
        files
      })
      const eventPath = join(dir, `event-${number}.json`)
      writeFileSync(eventPath, JSON.stringify(payload))
      for (const name of ['output', 'summary'])
        writeFileSync(join(dir, name), '')
      const rssFile = join(dir, `rss-${number}`)
      const before = github.requests.length
      const started = Date.now()
      await new Promise<void>((done, fail) =>
        execFile(
          process.execPath,
          [
            '--import',
            resolve(ROOT, 'bench/report-peak-rss.mjs'),
            resolve(ROOT, 'dist/index.js')
          ],
          {
            env: {
              PATH: process.env.PATH,
              HOME: dir,
              RUNNER_TEMP: dir,
              PEAK_RSS_FILE: rssFile,
              GITHUB_EVENT_NAME: 'pull_request',
              GITHUB_EVENT_PATH: eventPath,
              GITHUB_REPOSITORY: 'octo/shop',
              GITHUB_API_URL: apiUrl,
              GITHUB_WORKSPACE: repo.dir,
              GITHUB_OUTPUT: join(dir, 'output'),
              GITHUB_STEP_SUMMARY: join(dir, 'summary'),
              'INPUT_GITHUB-TOKEN': 'ghs_bench',
              'INPUT_ANTHROPIC-API-KEY': anthropic.apiKey,
              'INPUT_ANTHROPIC-BASE-URL': modelUrl
            }
          },
          (error, stdout) =>
            error
              ? fail(new Error(`${error.message}\n${stdout.slice(-2000)}`))
              : done()
        )
      )
      const requests = github.requests.slice(before)
      figures.push({
        findings: count,
        startupMs: requests[0].at - started,
        wallMs: Date.now() - started,
        githubRequests: requests.length,
        peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024
      })
    }
    return figures
  } finally {
    await github.stop()
    await anthropic.stop()
    rmSync(dir, { recursive: true, force: true })
    repo.cleanup()
  }
}
