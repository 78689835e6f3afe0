/**
 * Labelled pull requests for `npm run eval`. Each is a small repository
 * (base), a change (head) and the findings a good reviewer must report:
 * the file, the line (named by the code it holds), the area and the least
 * severity. Two clean PRs expect nothing.
 */

export interface Expected {
  path: string
  /** Text of the line the finding must cover (±3 lines). */
  line: string
  area: string
  minSeverity: 'critical' | 'high' | 'medium' | 'low' | 'info'
}

export interface Scenario {
  id: string
  title: string
  body: string
  base: Record<string, string>
  head: Record<string, string>
  expected: Expected[]
}

const db =
  'export const db = { query: async (sql: string, params: unknown[] = []) => [] as any[] }\n'

export const SCENARIOS: Scenario[] = [
  {
    id: 'api-breaking-rename',
    title: 'Rename user fields',
    body: 'Use camelCase in the user API.',
    base: {
      'src/db.ts': db,
      'src/users.ts':
        "import { db } from './db.js'\nexport async function getUser(id: string) {\n  const [u] = await db.query('SELECT * FROM users WHERE id = $1', [id])\n  return { user_name: u.name, email: u.email }\n}\n"
    },
    head: {
      'src/users.ts':
        "import { db } from './db.js'\nexport async function getUser(id: string) {\n  const [u] = await db.query('SELECT * FROM users WHERE id = $1', [id])\n  return { userName: u.name, email: u.email }\n}\n"
    },
    expected: [
      {
        path: 'src/users.ts',
        line: 'return { userName: u.name',
        area: 'api',
        minSeverity: 'high'
      }
    ]
  },
  {
    id: 'api-unpaginated-list',
    title: 'List all orders',
    body: 'Adds GET /orders.',
    base: {
      'src/db.ts': db,
      'src/routes.ts':
        "import { Router } from 'express'\nexport const router = Router()\n"
    },
    head: {
      'src/routes.ts':
        "import { Router } from 'express'\nimport { db } from './db.js'\nexport const router = Router()\nrouter.get('/orders', async (_req, res) => {\n  res.json(await db.query('SELECT * FROM orders'))\n})\n"
    },
    expected: [
      {
        path: 'src/routes.ts',
        line: "res.json(await db.query('SELECT * FROM orders'))",
        area: 'api',
        minSeverity: 'medium'
      }
    ]
  },
  {
    id: 'db-n-plus-one',
    title: 'Show items per order',
    body: 'Loads items for each order.',
    base: { 'src/db.ts': db },
    head: {
      'src/orders.ts':
        "import { db } from './db.js'\nexport async function withItems(userId: string) {\n  const orders = await db.query('SELECT * FROM orders WHERE user_id = $1', [userId])\n  for (const order of orders) {\n    order.items = await db.query('SELECT * FROM items WHERE order_id = $1', [order.id])\n  }\n  return orders\n}\n"
    },
    expected: [
      {
        path: 'src/orders.ts',
        line: 'order.items = await db.query',
        area: 'database',
        minSeverity: 'medium'
      }
    ]
  },
  {
    id: 'db-not-null-migration',
    title: 'Require a region on accounts',
    body: 'Adds accounts.region.',
    base: {
      'migrations/001_accounts.sql':
        'CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);\n'
    },
    head: {
      'migrations/002_account_region.sql':
        'ALTER TABLE accounts ADD COLUMN region text NOT NULL;\n'
    },
    expected: [
      {
        path: 'migrations/002_account_region.sql',
        line: 'ADD COLUMN region text NOT NULL',
        area: 'database',
        minSeverity: 'high'
      }
    ]
  },
  {
    id: 'db-transfer-without-transaction',
    title: 'Transfer credits',
    body: 'Moves credits between wallets.',
    base: { 'app/db.py': 'def execute(sql, *params):\n    pass\n' },
    head: {
      'app/wallets.py':
        "from app.db import execute\n\n\ndef transfer(src, dst, amount):\n    execute('UPDATE wallets SET credits = credits - %s WHERE id = %s', amount, src)\n    execute('UPDATE wallets SET credits = credits + %s WHERE id = %s', amount, dst)\n"
    },
    expected: [
      {
        path: 'app/wallets.py',
        line: 'credits = credits - %s',
        area: 'database',
        minSeverity: 'high'
      }
    ]
  },
  {
    id: 'system-no-timeout',
    title: 'Fetch exchange rates',
    body: 'Calls the rates service on each checkout.',
    base: {
      'src/checkout.ts':
        'export async function checkout(total: number) {\n  return total\n}\n'
    },
    head: {
      'src/checkout.ts':
        'export async function checkout(total: number, currency: string) {\n  const res = await fetch(`https://rates.internal/latest?c=${currency}`)\n  const { rate } = await res.json()\n  return total * rate\n}\n'
    },
    expected: [
      {
        path: 'src/checkout.ts',
        line: 'const res = await fetch(',
        area: 'system',
        minSeverity: 'high'
      }
    ]
  },
  {
    id: 'system-swallowed-error',
    title: 'Process payment events',
    body: 'Consumes payment events from the queue.',
    base: { 'worker/consumer.go': 'package worker\n' },
    head: {
      'worker/consumer.go':
        'package worker\n\nfunc Handle(msg Message) {\n\tif err := apply(msg); err != nil {\n\t\treturn\n\t}\n\tmsg.Ack()\n}\n'
    },
    expected: [
      {
        path: 'worker/consumer.go',
        line: 'if err := apply(msg); err != nil {',
        area: 'system',
        minSeverity: 'medium'
      }
    ]
  },
  {
    id: 'security-sql-injection',
    title: 'Search products',
    body: 'Adds product search.',
    base: { 'src/db.ts': db },
    head: {
      'src/search.ts':
        "import { db } from './db.js'\nexport async function search(q: string) {\n  return db.query(`SELECT * FROM products WHERE name LIKE '%${q}%'`)\n}\n"
    },
    expected: [
      {
        path: 'src/search.ts',
        line: 'SELECT * FROM products WHERE name LIKE',
        area: 'security',
        minSeverity: 'critical'
      }
    ]
  },
  {
    id: 'security-hardcoded-secret',
    title: 'Connect to the payment provider',
    body: 'Adds the payments client.',
    base: { 'src/config.ts': 'export const config = {}\n' },
    head: {
      'src/payments.ts':
        "const STRIPE_KEY = 'sk_live_51HxQ2EXAMPLEKEYabcdefghijklmnop'\nexport const client = { key: STRIPE_KEY }\n"
    },
    expected: [
      {
        path: 'src/payments.ts',
        line: 'const STRIPE_KEY =',
        area: 'security',
        minSeverity: 'high'
      }
    ]
  },
  {
    id: 'security-idor',
    title: 'Order details endpoint',
    body: 'Lets customers open an order.',
    base: { 'src/db.ts': db },
    head: {
      'src/order-route.ts':
        "import { db } from './db.js'\nexport async function getOrder(req: any, res: any) {\n  const [order] = await db.query('SELECT * FROM orders WHERE id = $1', [req.params.id])\n  res.json(order)\n}\n"
    },
    expected: [
      {
        path: 'src/order-route.ts',
        line: "SELECT * FROM orders WHERE id = $1', [req.params.id]",
        area: 'security',
        minSeverity: 'high'
      }
    ]
  },
  {
    id: 'performance-sync-io',
    title: 'Serve the price list',
    body: 'Reads prices on each request.',
    base: {
      'src/server.ts':
        "import { createServer } from 'node:http'\nexport const server = createServer()\n"
    },
    head: {
      'src/prices.ts':
        "import { readFileSync } from 'node:fs'\nexport function prices(_req: unknown, res: { end(s: string): void }) {\n  res.end(readFileSync('/data/prices.json', 'utf8'))\n}\n"
    },
    expected: [
      {
        path: 'src/prices.ts',
        line: "res.end(readFileSync('/data/prices.json'",
        area: 'performance',
        minSeverity: 'medium'
      }
    ]
  },
  {
    id: 'performance-unbounded-cache',
    title: 'Cache user profiles',
    body: 'Avoids repeated profile lookups.',
    base: {
      'app/profiles.py': 'def load(user_id):\n    return {"id": user_id}\n'
    },
    head: {
      'app/profiles.py':
        '_cache = {}\n\n\ndef load(user_id):\n    if user_id not in _cache:\n        _cache[user_id] = {"id": user_id}\n    return _cache[user_id]\n'
    },
    expected: [
      {
        path: 'app/profiles.py',
        line: '_cache = {}',
        area: 'performance',
        minSeverity: 'medium'
      }
    ]
  },
  {
    id: 'clean-docs',
    title: 'Document the API',
    body: 'Docs only.',
    base: { 'README.md': '# Shop\n' },
    head: {
      'README.md': '# Shop\n\nThe shop API serves orders and products.\n'
    },
    expected: []
  },
  {
    id: 'clean-refactor',
    title: 'Extract a parameterized query helper',
    body: 'No behaviour change.',
    base: { 'src/db.ts': db },
    head: {
      'src/products.ts':
        "import { db } from './db.js'\nexport async function byCategory(category: string) {\n  return db.query('SELECT id, name FROM products WHERE category = $1 LIMIT 100', [category])\n}\n"
    },
    expected: []
  }
]
