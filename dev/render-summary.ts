/**
 * `npm run render [-- <folder>]`: the summary comment and an inline comment
 * of a fixture review, rendered as a reader on GitHub sees them — Markdown
 * through a GitHub-flavoured renderer (marked), GitHub's Markdown CSS
 * (github-markdown-css), Mermaid drawn in the page — in headless Chromium,
 * saved as PNG (default docs/screenshots). The review is real: the
 * pipeline against the local Messages server, on a small service whose
 * change closes an import cycle, with two findings from the model.
 * Chromium: /usr/bin/chromium (apt install chromium), or $CHROMIUM.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { Marked } from 'marked'
import puppeteer from 'puppeteer-core'
import { parseGitDiff } from '../src/diff/git-diff-parser.js'
import { openFindings } from '../src/findings/ledger.js'
import { resolveReviewer } from '../src/front-end/reviewer.js'
import { reviewChange } from '../src/pipeline/review-change.js'
import { inlineCommentBody } from '../src/publish/comment-body.js'
import { renderSummary } from '../src/publish/summary-comment.js'
import { openGitFiles } from '../src/repository/git-files.js'
import { createAnthropicClient } from '../src/review/model-client.js'
import { readSettings } from '../src/settings.js'
import { LocalAnthropic } from './anthropic-server.js'
import { createGitFixture, gitDiff } from './git-fixture.js'
import { areaOf, isVerification, report, verdicts } from './review-script.js'

const require = createRequire(import.meta.url)
const out = resolve(process.argv[2] ?? 'docs/screenshots')

/** The fixture: an orders service in three layers; the change makes the database layer call back into the API. */
function fixture() {
  const repo = createGitFixture('architect-review-render-')
  repo.write('.github/architect-review.yml', 'layers: [api, services, db]\n')
  repo.write(
    'src/api/orders.ts',
    "import { list } from '../services/orders.js'\n\nexport const route = (customer: string) => list(customer)\n"
  )
  repo.write(
    'src/services/orders.ts',
    "import { query } from '../db/pool.js'\n\nexport const list = (customer: string) => query('SELECT * FROM orders WHERE customer = $1', [customer])\n"
  )
  repo.write(
    'src/db/pool.ts',
    'export const query = (sql: string, params: unknown[] = []) => ({ sql, params })\n'
  )
  const base = repo.commit('base')
  repo.write(
    'src/services/orders.ts',
    "import { query } from '../db/pool.js'\n\nexport const list = (customer: string) => query('SELECT * FROM orders WHERE customer = ' + customer)\n"
  )
  repo.write(
    'src/db/pool.ts',
    "import { route } from '../api/orders.js'\n\nexport const query = (sql: string, params: unknown[] = []) => ({ sql, params })\nexport const audit = (customer: string) => route(customer)\n"
  )
  return {
    repo,
    base,
    head: repo.commit('orders: inline the customer, audit through the API')
  }
}

async function review() {
  const { repo, base, head } = fixture()
  const server = new LocalAnthropic((body) => {
    if (isVerification(body))
      return verdicts(body, () => ({
        keep: true,
        reason: 'The code does what the finding says.'
      }))
    const area = areaOf(body)
    const findings =
      area === 'security'
        ? [
            {
              area,
              severity: 'critical',
              confidence: 0.95,
              path: 'src/services/orders.ts',
              line: 3,
              title: 'SQL injection through the customer parameter',
              problem:
                'The customer value from the request is concatenated into the SQL text, so a crafted value changes the query.',
              recommendation:
                'Pass it as a bound parameter: query(sql, [customer]).',
              evidence:
                "export const list = (customer: string) => query('SELECT * FROM orders WHERE customer = ' + customer)",
              suggestion:
                "export const list = (customer: string) => query('SELECT * FROM orders WHERE customer = $1', [customer])"
            }
          ]
        : area === 'performance'
          ? [
              {
                area,
                severity: 'medium',
                confidence: 0.7,
                path: 'src/services/orders.ts',
                line: 3,
                title: 'Unbounded list of orders',
                problem:
                  'The query returns every order of a customer with no limit; a large customer makes the response and the database work grow without bound.',
                recommendation:
                  'Page the result (LIMIT and a cursor) and say so in the API.',
                evidence:
                  "export const list = (customer: string) => query('SELECT * FROM orders WHERE customer = ' + customer)"
              }
            ]
          : []
    return { content: [report(findings)] }
  })
  const url = await server.start()
  try {
    const settings = readSettings(() => '', {})
    const reviewer = await resolveReviewer(settings)
    return await reviewChange(
      {
        files: parseGitDiff(gitDiff(repo, base, head)),
        headSha: head,
        layers: ['api', 'services', 'db'],
        subject: {
          title: 'Orders: inline the customer',
          body: '',
          reference: 'PR #42'
        }
      },
      { settings: { ...settings, incremental: false }, ...reviewer },
      {
        client: createAnthropicClient({
          apiKey: server.apiKey,
          baseURL: url,
          maxRetries: 0,
          timeoutMs: 60_000
        }),
        repository: (await openGitFiles(repo.dir, head))!,
        openBase: () => openGitFiles(repo.dir, base),
        workspace: repo.dir,
        secrets: []
      }
    )
  } finally {
    await server.stop()
    repo.cleanup()
  }
}

/** GitHub-flavoured Markdown as a page with GitHub's Markdown CSS; Mermaid blocks drawn by Mermaid. */
function page(markdown: string): string {
  const marked = new Marked({ gfm: true })
  marked.use({
    renderer: {
      code({ text, lang }) {
        return lang === 'mermaid'
          ? `<pre class="mermaid">${text.replace(/</g, '&lt;')}</pre>`
          : false
      }
    }
  })
  const css = readFileSync(
    require.resolve('github-markdown-css/github-markdown-light.css'),
    'utf8'
  )
  const mermaid = readFileSync(
    require.resolve('mermaid/dist/mermaid.min.js'),
    'utf8'
  )
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff } .markdown-body { box-sizing: border-box; max-width: 880px; padding: 24px; border: 1px solid #d0d7de; border-radius: 6px; margin: 16px }
</style><script>${mermaid}</script></head><body><article class="markdown-body">${marked.parse(markdown) as string}</article>
<script>mermaid.initialize({ startOnLoad: false, theme: 'default' }); mermaid.run().then(() => { document.body.dataset.drawn = 'yes' })</script></body></html>`
}

async function screenshot(html: string, file: string): Promise<void> {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu']
  })
  try {
    const tab = await browser.newPage()
    await tab.setViewport({ width: 920, height: 600, deviceScaleFactor: 1 })
    await tab.setContent(html, { waitUntil: 'load' })
    await tab.waitForSelector('body[data-drawn="yes"]', { timeout: 30_000 })
    const article = await tab.$('article')
    await article!.screenshot({ path: file })
  } finally {
    await browser.close()
  }
}

const outcome = await review()
const summary = renderSummary(
  { outcome, notices: [] },
  // The state line is an HTML comment, not shown: any sealed-looking value.
  Buffer.from('state').toString('base64')
)
const inline = inlineCommentBody(openFindings(outcome.ledger)[0])
mkdirSync(out, { recursive: true })
for (const [name, markdown] of [
  ['summary', summary],
  ['inline-comment', inline]
] as const) {
  writeFileSync(join(out, `${name}.md`), markdown)
  await screenshot(page(markdown), join(out, `${name}.png`))
  process.stdout.write(`${join(out, `${name}.png`)}\n`)
}
