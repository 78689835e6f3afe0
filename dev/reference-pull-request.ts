/**
 * The reference pull request the cost bench and the cost-cap test review:
 * five files of a small Express and Postgres shop (three routes and a
 * service that import the database module, and a migration), one problem
 * planted in each, and the scripted reviewer that looks around before it
 * reports them.
 */
import type { MessagesBody, ScriptedReply } from './anthropic-server.js'
import { createGitFixture } from './git-fixture.js'
import type { GitFixture } from './git-fixture.js'
import {
  areaOf,
  isVerification,
  report,
  turnOf,
  verdicts
} from './review-script.js'

const POOL = `import { Pool } from 'pg'

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 })

/** Runs one statement; values go in params, never into the SQL text. */
export async function query(sql: string, params: unknown[] = []) {
  const started = Date.now()
  try {
    return (await pool.query(sql, params)).rows
  } finally {
    const ms = Date.now() - started
    if (ms > 500) console.warn('slow query', ms, sql.slice(0, 80))
  }
}

export async function transaction<T>(work: () => Promise<T>): Promise<T> {
  await pool.query('BEGIN')
  try {
    const result = await work()
    await pool.query('COMMIT')
    return result
  } catch (error) {
    await pool.query('ROLLBACK')
    throw error
  }
}
`

/** The reference PR's five files and the one problem planted in each. */
const CHANGE: Record<string, string> = {
  'src/routes/orders.ts': `import { Router } from 'express'
import { query } from '../db/pool.js'

export const orders = Router()

orders.get('/orders', async (req, res) => {
  const rows = await query('SELECT * FROM orders WHERE customer_id = ' + req.query.customer)
  res.json(rows)
})
`,
  'src/routes/items.ts': `import { Router } from 'express'
import { query } from '../db/pool.js'

export const items = Router()

items.get('/orders/:id/items', async (req, res) => {
  const orders = await query('SELECT id FROM orders WHERE customer_id = $1', [req.params.id])
  for (const order of orders) {
    order.items = await query('SELECT * FROM items WHERE order_id = $1', [order.id])
  }
  res.json(orders)
})
`,
  'src/routes/users.ts': `import { Router } from 'express'
import { query } from '../db/pool.js'

export const users = Router()

users.get('/users', async (_req, res) => {
  res.json(await query('SELECT * FROM users'))
})
`,
  'src/services/receipts.ts': `import { query } from '../db/pool.js'

export async function sendReceipt(orderId: string) {
  const [order] = await query('SELECT * FROM orders WHERE id = $1', [orderId])
  const response = await fetch('https://mailer.internal/send', {
    method: 'POST',
    body: JSON.stringify(order)
  })
  return response.ok
}
`,
  'migrations/003_orders_customer.sql': `ALTER TABLE orders ADD COLUMN customer_email text NOT NULL;
CREATE INDEX orders_customer_email ON orders (customer_email);
`
}

/** What a reviewer of this PR reports, whatever area it is asked about. */
const PROBLEMS = [
  {
    severity: 'critical',
    path: 'src/routes/orders.ts',
    line: 7,
    title: 'SQL injection through the customer query parameter',
    problem:
      'req.query.customer is concatenated into the SQL text; customer=1 OR 1=1 returns every order.',
    recommendation: "Pass it as a parameter: query('… = $1', [customer])."
  },
  {
    severity: 'high',
    path: 'src/routes/items.ts',
    line: 9,
    title: 'One items query per order (N+1)',
    problem: 'Each order runs its own items query: 200 orders, 201 queries.',
    recommendation:
      'Load the items of all orders in one query (WHERE order_id = ANY($1)).'
  },
  {
    severity: 'high',
    path: 'migrations/003_orders_customer.sql',
    line: 1,
    title: 'NOT NULL column without a default on a live table',
    problem:
      'Existing rows have no customer_email: the migration fails on any non-empty table.',
    recommendation: 'Add it nullable, backfill, then set NOT NULL.'
  },
  {
    severity: 'medium',
    path: 'src/routes/users.ts',
    line: 7,
    title: 'Unbounded user list',
    problem: 'GET /users returns every row; the response grows with the table.',
    recommendation: 'Page it (limit and a cursor).'
  },
  {
    severity: 'medium',
    path: 'src/services/receipts.ts',
    line: 5,
    title: 'Mailer called without a timeout',
    problem: 'A slow mailer holds the caller without bound.',
    recommendation:
      'Set a timeout (AbortSignal.timeout) and retry off the request path.'
  }
]

/**
 * The scripted reviewer, as the cost issue measured it: in each pass it
 * opens the one file it was not shown (the app that mounts the routes) and
 * greps once, then reports every problem it sees. When its prompt does not
 * show the database module the routes import, it reads that too (the Read
 * the gathered context saves).
 */
export function referenceReviewer(body: MessagesBody): ScriptedReply {
  if (isVerification(body))
    return verdicts(body, () => ({
      keep: true,
      reason: 'The code does what the finding says.'
    }))
  if (turnOf(body) === 0) {
    const shown = JSON.stringify(body.messages).includes(
      'export async function transaction'
    )
    return {
      content: [
        { type: 'tool_use', name: 'Read', input: { file_path: 'src/app.ts' } },
        {
          type: 'tool_use',
          name: 'Grep',
          input: { pattern: 'query\\(', output_mode: 'files_with_matches' }
        },
        ...(shown
          ? []
          : [
              {
                type: 'tool_use' as const,
                name: 'Read',
                input: { file_path: 'src/db/pool.ts' }
              }
            ])
      ]
    }
  }
  return {
    content: [
      report(
        PROBLEMS.map((p) => ({
          ...p,
          area: areaOf(body),
          confidence: 0.9
        }))
      )
    ]
  }
}

export function referenceRepository(): {
  repo: GitFixture
  base: string
  head: string
} {
  const repo = createGitFixture('architect-review-reference-pr-')
  repo.write('src/db/pool.ts', POOL)
  repo.write('package.json', '{ "name": "shop", "type": "module" }\n')
  repo.write(
    'src/app.ts',
    "import express from 'express'\nimport { orders } from './routes/orders.js'\nimport { items } from './routes/items.js'\nimport { users } from './routes/users.js'\n\nexport const app = express()\napp.use(express.json())\napp.use('/api', orders, items, users)\n"
  )
  const base = repo.commit('base')
  for (const [path, text] of Object.entries(CHANGE)) repo.write(path, text)
  const head = repo.commit('orders, items, users, receipts')
  return { repo, base, head }
}

/** A service with `files` changed handler files, each a realistic ~60-line change. */
export function handlersRepository(files: number): {
  repo: GitFixture
  base: string
  head: string
} {
  const repo = createGitFixture('architect-review-handlers-pr-')
  for (let i = 0; i < files; i++)
    repo.write(
      `services/orders/handler${i}.ts`,
      `export const version${i} = 1\n`
    )
  const base = repo.commit('base')
  for (let i = 0; i < files; i++) {
    const lines = [
      `export const version${i} = 2`,
      `import { db } from '../db.js'`,
      ''
    ]
    for (let f = 0; f < 6; f++) {
      lines.push(
        `export async function handle${i}_${f}(req, res) {`,
        `  const id = req.params.id`,
        `  const rows = await db.query('SELECT * FROM orders WHERE customer_id = ' + id)`,
        `  for (const row of rows) {`,
        `    row.items = await db.query('SELECT * FROM items WHERE order_id = $1', [row.id])`,
        `  }`,
        `  res.json({ orders: rows, count: rows.length })`,
        `}`,
        ''
      )
    }
    repo.write(`services/orders/handler${i}.ts`, lines.join('\n'))
  }
  const head = repo.commit('orders handlers')
  return { repo, base, head }
}

/** In each pass over the handlers: one turn that greps and reads a handler, one that reports. */
export function handlersReviewer(body: MessagesBody): ScriptedReply {
  if (isVerification(body))
    return verdicts(body, () => ({ keep: true, reason: 'Real.' }))
  if (turnOf(body) > 0) return { content: [report([])] }
  return {
    content: [
      {
        type: 'tool_use',
        name: 'Grep',
        input: { pattern: 'db\\.query', output_mode: 'files_with_matches' }
      },
      {
        type: 'tool_use',
        name: 'Read',
        input: { file_path: 'services/orders/handler0.ts', limit: 40 }
      }
    ]
  }
}
