/**
 * `npm run dev:servers`: the local GitHub and Messages API servers the tests
 * use, started by hand with a demo pull request, so a developer can run the
 * action (through `@github/local-action`) and the CLI against them and read
 * what they post. Prints the environment to export and writes a .env file
 * for local-action; Ctrl-C stops the servers and prints what they received.
 *
 *   npm run dev:servers -- [--github-port N] [--anthropic-port N] [--dir PATH]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { LocalAnthropic } from './anthropic-server.js'
import type { MessagesBody, ScriptedReply } from './anthropic-server.js'
import { createGitFixture } from './git-fixture.js'
import { LocalGitHub } from './github-server.js'
import { servePullRequest } from './pull-request-fixture.js'
import { areaOf, isVerification, report, verdicts } from './review-script.js'

const OWNER = 'octo-org'
const REPO = 'shop'
const NUMBER = 1

/** The demo change: a route that builds SQL from the request. */
const ORDERS = `import { db } from './db.js'

export async function findOrder(req) {
  const id = req.params.id
  return db.query('SELECT * FROM orders WHERE id = ' + id)
}
`

/** The scripted model: the security pass reports the injection; the verifier keeps it. */
function demoModel(body: MessagesBody): ScriptedReply {
  if (isVerification(body))
    return verdicts(body, () => ({
      keep: true,
      reason: 'The id is concatenated.'
    }))
  if (areaOf(body) !== 'security') return { content: [report([])] }
  return {
    content: [
      report([
        {
          area: 'security',
          severity: 'critical',
          confidence: 0.95,
          path: 'src/orders.ts',
          line: 5,
          title: 'SQL injection in findOrder',
          problem: 'req.params.id is concatenated into the SQL string.',
          recommendation: 'Bind the id as a query parameter.',
          evidence: "  return db.query('SELECT * FROM orders WHERE id = ' + id)"
        }
      ])
    ]
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'github-port': { type: 'string', default: '0' },
      'anthropic-port': { type: 'string', default: '0' },
      dir: { type: 'string' }
    }
  })
  const dir = values.dir
    ? resolve(values.dir)
    : mkdtempSync(join(tmpdir(), 'architect-review-dev-'))
  mkdirSync(dir, { recursive: true })
  const repo = createGitFixture('architect-review-dev-repo-')
  repo.write('src/db.ts', 'export const db = { query: (sql) => sql }\n')
  const base = repo.commit('base')
  repo.write('src/orders.ts', ORDERS)
  const head = repo.commit('add orders')

  const github = new LocalGitHub()
  const anthropic = new LocalAnthropic(demoModel)
  const githubUrl = await github.start(Number(values['github-port']))
  const anthropicUrl = await anthropic.start(Number(values['anthropic-port']))
  const payload = servePullRequest(github, repo, {
    owner: OWNER,
    repo: REPO,
    number: NUMBER,
    baseSha: base,
    headSha: head
  })
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(payload))
  const env = {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: githubUrl,
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_STEP_SUMMARY: join(dir, 'job-summary.md'),
    RUNNER_TEMP: dir,
    'INPUT_GITHUB-TOKEN': 'ghs_dev_token',
    'INPUT_ANTHROPIC-API-KEY': anthropic.apiKey,
    'INPUT_ANTHROPIC-BASE-URL': anthropicUrl,
    // Local servers have no rate limits: GitHub's write spacing scaled down.
    'INPUT_REQUEST-PACING': '0.01'
  }
  const envFile = join(dir, '.env')
  writeFileSync(
    envFile,
    `${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`
  )
  console.log(
    [
      `GitHub API (local):   ${githubUrl}   pull request ${OWNER}/${REPO}#${NUMBER}`,
      `Messages API (local): ${anthropicUrl}`,
      `Demo repository:      ${repo.dir} (base ${base.slice(0, 12)}, head ${head.slice(0, 12)})`,
      '',
      'The action, as the runner starts it (inputs and environment in the .env file):',
      `  npx @github/local-action . src/main.ts ${envFile}`,
      '',
      'The CLI on the same change (export these first):',
      `export ANTHROPIC_API_KEY=${anthropic.apiKey}`,
      `export ANTHROPIC_BASE_URL=${anthropicUrl}`,
      `  architect-review --repo ${repo.dir} --base ${base} --head ${head}`,
      '',
      'Ctrl-C stops the servers.'
    ].join('\n')
  )
  const stop = async (): Promise<void> => {
    const pull = github.pull(OWNER, REPO, NUMBER)
    console.log(
      `\n${github.requests.length} GitHub request(s), ${anthropic.calls.length} model request(s); the pull request has ${pull.reviews.length} review(s) and ${pull.issueComments.length} comment(s).`
    )
    await github.stop()
    await anthropic.stop()
    repo.cleanup()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

await main()
