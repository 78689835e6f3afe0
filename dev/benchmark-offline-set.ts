/**
 * A small benchmark set for offline use, as the benchmark test and a
 * maintainer's manual run use it: three PRs of two projects served as git
 * remotes from a folder, an AACR-shaped label file written for them (with
 * its SHA-256 in a set definition), and the scripted reviewer and judge the
 * local Messages server answers with. `npx tsx dev/benchmark-offline-set.ts <dir>`
 * builds it, starts that server and prints the command to run.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LocalAnthropic } from './anthropic-server.js'
import type { MessagesBody, ScriptedReply } from './anthropic-server.js'
import { createGitFixture } from './git-fixture.js'
import { areaOf, report } from './review-script.js'

export const SET_COMMIT = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00'

const ORDERS = [
  "import { query } from './db.js'",
  '',
  'export async function findOrder(id: string) {',
  '  // looked up by id',
  "  return query('SELECT * FROM orders WHERE id = ' + id)",
  '}',
  '',
  'export async function listOrders() {',
  "  return query('SELECT * FROM orders')",
  '}',
  ...Array.from({ length: 9 }, (_, i) => `export const note${i} = ${i}`),
  "export const everything = () => query('SELECT * FROM order_lines')",
  ''
].join('\n')
const AUTH =
  "export function login(user: string, token: string) {\n  const session = { user }\n  console.log('login', user, token)\n  return session\n}\n"
const STOCK = [
  'let stock = 10',
  '',
  'export async function reserve(n: number) {',
  '  const current = stock',
  '  stock = current - n',
  '  return stock',
  '}',
  '',
  ...Array.from({ length: 3 }, (_, i) => `export const spare${i} = ${i}`),
  'export function unusedHelper() { return stock }',
  ''
].join('\n')
const INVOICE =
  'package billing\n\nfunc Average(total int, items []int) int {\n\tif total == 0 {\n\t\treturn 0\n\t}\n\treturn total / len(items)\n}\n'

type Finding = { path: string; line: number; title: string; evidence: string }
const finding = (f: Finding) => ({
  area: 'security',
  severity: 'medium',
  confidence: 0.9,
  problem: f.title,
  recommendation: 'Fix it.',
  ...f
})

/** The scripted review: findings per PR, reported by the security pass only. */
function findingsOf(text: string): Finding[] {
  if (text.includes('findOrder'))
    return [
      {
        path: 'src/orders.ts',
        line: 5,
        title: 'SQL injection through string concatenation',
        evidence: "return query('SELECT * FROM orders WHERE id = ' + id)"
      },
      {
        path: 'src/orders.ts',
        line: 20,
        title: 'Unbounded list query',
        evidence:
          "export const everything = () => query('SELECT * FROM order_lines')"
      },
      {
        path: 'src/auth.ts',
        line: 3,
        title: 'Secret token written to logs',
        evidence: "console.log('login', user, token)"
      }
    ]
  if (text.includes('reserve('))
    return [
      {
        path: 'src/stock.ts',
        line: 5,
        title: 'Stock decrement is not atomic and can go negative',
        evidence: 'stock = current - n'
      },
      {
        path: 'src/stock.ts',
        line: 12,
        title: 'Unused helper',
        evidence: 'export function unusedHelper() { return stock }'
      }
    ]
  return []
}

/** The scripted judge: which golden and candidate texts are the same problem, and how sure. */
const SAME: Array<[string, string, number]> = [
  ['SQL built', 'SQL injection', 0.95],
  ['Token logged', 'Secret token', 0.9],
  ['Race condition', 'not atomic', 0.9],
  ['Stock can go negative', 'go negative', 0.8]
]

function judge(body: MessagesBody) {
  const text = String(body.messages[0].content)
  const golden = text.slice(0, text.indexOf('Candidate issues:'))
  const candidates = [...text.matchAll(/^(\d+)\. \(.*?\) (.*)$/gm)]
  return {
    content: [
      {
        type: 'tool_use' as const,
        name: 'record_matches',
        input: {
          matches: candidates.map(([, n, candidate]) => {
            const same = SAME.find(
              ([g, c]) => golden.includes(g) && candidate.includes(c)
            )
            return {
              candidate: Number(n),
              match: same !== undefined,
              confidence: same?.[2] ?? 0.1
            }
          })
        }
      }
    ]
  }
}

/** The scripted model: the judge's answers to the judge, the PR's findings to the security pass. */
export function offlineModel(judged: string[] = []) {
  return (body: MessagesBody): ScriptedReply => {
    if (
      JSON.stringify(body.system ?? '').includes(
        'You are evaluating AI code review tools'
      )
    ) {
      judged.push(String(body.messages[0].content).split('\n')[1])
      return judge(body)
    }
    return {
      content: [
        report(
          areaOf(body) === 'security'
            ? findingsOf(JSON.stringify(body.messages)).map(finding)
            : []
        )
      ]
    }
  }
}

/** Builds the set under `root`: remotes/, labels/ and set.json; returns the benchmark arguments that read them. */
export function buildOfflineSet(root: string): string[] {
  const commits = {
    shop: remote(
      root,
      'acme/shop',
      {
        'src/orders.ts': ORDERS.replace(' + id)', ')').replace(
          'everything',
          'allLines'
        ),
        'src/auth.ts': AUTH.replace(', token)', ')'),
        'src/stock.ts': STOCK.replace('current - n', 'Math.max(0, current - n)')
      },
      [
        { 'src/orders.ts': ORDERS, 'src/auth.ts': AUTH },
        { 'src/stock.ts': STOCK }
      ]
    ),
    billing: remote(
      root,
      'acme/billing',
      {
        'billing/invoice.go': INVOICE.replace(
          '\treturn total / len(items)',
          '\treturn 0'
        )
      },
      [{ 'billing/invoice.go': INVOICE }]
    )
  }
  const pr = (
    repo: string,
    number: number,
    base: string,
    head: string,
    language: string,
    comments: object[]
  ) => ({
    change_line_count: 10,
    project_main_language: language,
    source_commit: head,
    target_commit: base,
    githubPrUrl: `https://github.com/${repo}/pull/${number}`,
    category: `${repo} change ${number}`,
    comments
  })
  const label = (
    note: string,
    path: string,
    from: number,
    to: number,
    category = 'Code Defect'
  ) => ({
    is_ai_comment: false,
    note,
    path,
    side: 'right',
    from_line: from,
    to_line: to,
    category
  })
  const labels = JSON.stringify([
    pr('acme/shop', 1, commits.shop.base, commits.shop.heads[0], 'TypeScript', [
      label('SQL built by string concatenation', 'src/orders.ts', 5, 5),
      label(
        'Missing pagination on the list',
        'src/orders.ts',
        9,
        9,
        'Performance'
      ),
      label(
        'Token logged in plain text',
        'src/auth.ts',
        3,
        3,
        'Security Vulnerability'
      ),
      label(
        'Name the constant',
        'src/orders.ts',
        11,
        11,
        'Maintainability and Readability'
      )
    ]),
    pr('acme/shop', 2, commits.shop.base, commits.shop.heads[1], 'TypeScript', [
      label('Race condition on the stock decrement', 'src/stock.ts', 4, 6),
      label('Stock can go negative', 'src/stock.ts', 5, 5)
    ]),
    pr(
      'acme/billing',
      3,
      commits.billing.base,
      commits.billing.heads[0],
      'Go',
      [
        label(
          'Division by zero when there are no items',
          'billing/invoice.go',
          7,
          7
        )
      ]
    )
  ])
  const labelsDir = join(root, 'labels')
  mkdirSync(join(labelsDir, 'acme/bench', SET_COMMIT, 'dataset'), {
    recursive: true
  })
  writeFileSync(
    join(labelsDir, 'acme/bench', SET_COMMIT, 'dataset/positive_samples.json'),
    labels
  )
  const setFile = join(root, 'set.json')
  writeFileSync(
    setFile,
    JSON.stringify({
      name: 'offline',
      repo: 'acme/bench',
      commit: SET_COMMIT,
      licence: 'test',
      format: 'aacr',
      files: [
        {
          path: 'dataset/positive_samples.json',
          sha256: createHash('sha256').update(labels).digest('hex')
        }
      ]
    })
  )
  return [
    'benchmark',
    '--set',
    setFile,
    '--labels-url',
    labelsDir,
    '--git-url',
    join(root, 'remotes'),
    '--cache',
    join(root, 'cache'),
    '--results',
    join(root, 'results'),
    '--judge-model',
    'claude-haiku-5-5'
  ]
}

/** A project as a bare remote that serves any commit by id: its base, and one head per PR (each on the base). */
function remote(
  root: string,
  name: string,
  base: Record<string, string>,
  heads: Array<Record<string, string>>
) {
  const repo = createGitFixture('architect-review-benchmark-project-')
  for (const [path, text] of Object.entries(base)) repo.write(path, text)
  const baseCommit = repo.commit('base')
  const headCommits = heads.map((files, i) => {
    repo.git('checkout', '-q', '-B', `pr${i}`, baseCommit)
    for (const [path, text] of Object.entries(files)) repo.write(path, text)
    return repo.commit(`pr ${i}`)
  })
  const bare = join(root, 'remotes', `${name}.git`)
  mkdirSync(join(root, 'remotes', name.split('/')[0]), { recursive: true })
  repo.git('clone', '-q', '--bare', repo.dir, bare)
  repo.git('-C', bare, 'config', 'uploadpack.allowAnySHA1InWant', 'true')
  repo.cleanup()
  return { base: baseCommit, heads: headCommits }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2]
  if (!root)
    throw new Error(
      'Usage: npx tsx dev/benchmark-offline-set.ts <empty folder>'
    )
  const args = buildOfflineSet(root)
  const server = new LocalAnthropic(offlineModel())
  const url = await server.start()
  process.stdout.write(
    `ANTHROPIC_API_KEY=${server.apiKey} ANTHROPIC_BASE_URL=${url} node dist/cli/index.js ${args.join(' ')}\n`
  )
}
