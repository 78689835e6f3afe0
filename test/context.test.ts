/** Tests for src/context/*: scopes per language on real code shapes, symbols, and gathering through the tools. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gatherContext } from '../src/context/gather-context.js'
import { languageOf } from '../src/context/languages.js'
import { enclosingScope } from '../src/context/scope-finder.js'
import { changedSymbols } from '../src/context/symbols.js'
import { parseGitDiff } from '../src/diff/git-diff-parser.js'
import { planReview } from '../src/plan/review-plan.js'
import { openGitFiles } from '../src/repository/git-files.js'
import { Sandbox } from '../src/tools/sandbox.js'
import { createGitFixture, gitDiff } from './helpers/git-fixture.js'
import type { GitFixture } from './helpers/git-fixture.js'

/** The scope around the line holding `marker`. */
function scopeAt(source: string, marker: string, path: string) {
  const lines = source.split('\n')
  const line = lines.findIndex((l) => l.includes(marker)) + 1
  const scope = enclosingScope(lines, line, languageOf(path))
  return {
    ...scope,
    first: lines[scope.start - 1].trim(),
    last: lines[scope.end - 1].trim()
  }
}

describe('enclosingScope', () => {
  it('TypeScript: a class method, an exported arrow function and an Express route handler', () => {
    const ts = [
      "import express from 'express'",
      'export class OrderService {',
      '  constructor(private db: Db) {}',
      '',
      '  async find(id: string): Promise<Order> {',
      "    const rows = await this.db.query('SELECT * FROM orders WHERE id = ' + id)",
      '    return rows[0]',
      '  }',
      '}',
      '',
      'export const total = async (items: Item[]): Promise<number> => {',
      '  return items.reduce((sum, i) => sum + i.price, 0) // TOTAL',
      '}',
      '',
      "router.post('/orders', async (req, res) => {",
      '  const order = await service.create(req.body) // ROUTE',
      '  res.status(201).json(order)',
      '})'
    ].join('\n')
    expect(scopeAt(ts, 'SELECT', 'a.ts')).toMatchObject({
      kind: 'function',
      name: 'find',
      start: 5,
      end: 8
    })
    expect(scopeAt(ts, 'TOTAL', 'a.ts')).toMatchObject({
      kind: 'function',
      name: 'total',
      start: 11,
      end: 13
    })
    expect(scopeAt(ts, 'ROUTE', 'a.ts')).toMatchObject({
      kind: 'route',
      name: '/orders',
      start: 15,
      end: 18
    })
  })

  it('Python: a method inside a class, and a decorated FastAPI route', () => {
    const py = [
      'class Repo:',
      '    def __init__(self, db):',
      '        self.db = db',
      '',
      '    def find(self, id):',
      '        sql = f"SELECT * FROM users WHERE id = {id}"  # FIND',
      '        return self.db.execute(sql)',
      '',
      '@app.get("/users/{id}")',
      'async def get_user(id: int):',
      '    return await repo.find(id)  # ROUTE',
      '',
      'print("done")'
    ].join('\n')
    expect(scopeAt(py, '# FIND', 'r.py')).toMatchObject({
      kind: 'function',
      name: 'find',
      first: 'def find(self, id):',
      last: 'return self.db.execute(sql)'
    })
    expect(scopeAt(py, '# ROUTE', 'r.py')).toMatchObject({
      kind: 'route',
      name: '/users/{id}',
      start: 9,
      end: 11
    })
  })

  it('Go: a method with a receiver', () => {
    const go = [
      'package store',
      '',
      'func (s *Store) Get(ctx context.Context, id string) (*Order, error) {',
      '\trow := s.db.QueryRowContext(ctx, "SELECT * FROM orders WHERE id = "+id) // GET',
      '\tif row == nil {',
      '\t\treturn nil, errNotFound',
      '\t}',
      '\treturn scan(row)',
      '}',
      '',
      'func other() {}'
    ].join('\n')
    expect(scopeAt(go, '// GET', 's.go')).toMatchObject({
      kind: 'function',
      name: 'Get',
      start: 3,
      end: 9
    })
  })

  it('Java: an annotated method in a controller', () => {
    const java = [
      '@RestController',
      'public class OrderController {',
      '  @GetMapping("/orders/{id}")',
      '  public ResponseEntity<Order> get(@PathVariable String id) {',
      '    return ResponseEntity.ok(repo.findById(id).orElseThrow()); // GET',
      '  }',
      '}'
    ].join('\n')
    expect(scopeAt(java, '// GET', 'O.java')).toMatchObject({
      kind: 'function',
      name: 'get',
      start: 4,
      end: 6
    })
  })

  it('Ruby: a def closed by its end', () => {
    const rb = [
      'class OrdersController < ApplicationController',
      '  def show',
      '    @order = Order.find_by_sql("SELECT * FROM orders WHERE id = #{params[:id]}") # SHOW',
      '    render json: @order',
      '  end',
      'end'
    ].join('\n')
    expect(scopeAt(rb, '# SHOW', 'c.rb')).toMatchObject({
      kind: 'function',
      name: 'show',
      start: 2,
      end: 5
    })
  })

  it('SQL: the statement around the line', () => {
    const sql = [
      'CREATE TABLE orders (id bigint primary key);',
      '',
      'ALTER TABLE orders',
      '  ADD COLUMN customer_id bigint NOT NULL; -- ADD',
      '',
      'CREATE INDEX orders_customer ON orders (customer_id);'
    ].join('\n')
    expect(scopeAt(sql, '-- ADD', 'm.sql')).toMatchObject({
      kind: 'statement',
      name: 'orders',
      start: 3,
      end: 4
    })
  })

  it('falls back to a window of lines for unknown languages and unscoped code', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join(
      '\n'
    )
    expect(scopeAt(text, 'line 50', 'notes.txt')).toMatchObject({
      kind: 'window',
      start: 35,
      end: 65
    })
  })
})

describe('changedSymbols', () => {
  it('finds exported functions, classes, routes, tables and columns on added lines', () => {
    expect(
      changedSymbols('a.ts', 'js', [
        'export async function createOrder(input) {',
        'export class OrderService {',
        "router.get('/orders/:id', handler)"
      ]).map((s) => [s.kind, s.name])
    ).toEqual([
      ['function', 'createOrder'],
      ['class', 'OrderService'],
      ['route', '/orders/:id']
    ])
    expect(
      changedSymbols('m.sql', 'sql', [
        'ALTER TABLE orders ADD COLUMN customer_id bigint'
      ]).map((s) => [s.kind, s.name])
    ).toEqual([
      ['table', 'orders'],
      ['column', 'customer_id']
    ])
    expect(
      changedSymbols('s.go', 'go', ['func GetOrder(id string) error {']).map(
        (s) => s.name
      )
    ).toEqual(['GetOrder'])
  })
})

describe('gatherContext', () => {
  let repo: GitFixture
  let head: string
  let base: string

  beforeAll(() => {
    repo = createGitFixture()
    const big = Array.from(
      { length: 200 },
      (_, i) => `export const filler${i} = ${i}`
    )
    repo.write(
      'src/orders/service.ts',
      [
        ...big,
        'export function priceOf(order) {',
        '  return order.total',
        '}',
        ''
      ].join('\n')
    )
    repo.write(
      'src/orders/service.test.ts',
      "import { priceOf } from './service.js'\n"
    )
    repo.write(
      'src/api/checkout.ts',
      "import { priceOf } from '../orders/service.js'\nexport const checkout = (o) => priceOf(o)\n"
    )
    repo.write('src/small.ts', 'export const small = 1\n')
    repo.write(
      'db/migrations/001_create_orders.sql',
      'CREATE TABLE orders (id bigint);\n'
    )
    repo.write('app/models/order.ts', 'export class Order {}\n')
    repo.write('.env', 'SECRET=x\n')
    base = repo.commit('base')
    repo.write(
      'src/orders/service.ts',
      [
        ...big,
        'export function priceOf(order) {',
        '  return order.total * (1 - order.discount)',
        '}',
        ''
      ].join('\n')
    )
    repo.write('src/small.ts', 'export const small = 2\n')
    repo.write(
      'db/migrations/002_add_orders_discount.sql',
      'ALTER TABLE orders ADD COLUMN discount numeric NOT NULL;\n'
    )
    head = repo.commit('discounts')
  })
  afterAll(() => repo.cleanup())

  const gather = async (budget: number) => {
    const plan = planReview(parseGitDiff(gitDiff(repo, base, head)), [], 40_000)
    const files = (await openGitFiles(repo.dir, head))!
    return gatherContext(
      plan.units[0],
      { files, sandbox: new Sandbox(repo.dir) },
      budget
    )
  }

  it('gathers scopes, whole small files, uses of changed symbols and related files through the tools', async () => {
    const context = await gather(12_000)
    expect(context.included).toEqual(
      expect.arrayContaining([
        'db/migrations/002_add_orders_discount.sql (whole file, 2 lines)',
        'src/small.ts (whole file, 2 lines)',
        'src/orders/service.ts: function priceOf (lines 201-203)',
        'Related to src/orders/service.ts: its tests',
        'Related to db/migrations/002_add_orders_discount.sql: models of the migrated tables'
      ])
    )
    expect(context.text).toContain(
      '   202\t  return order.total * (1 - order.discount)'
    )
    expect(context.text).toContain(
      'src/api/checkout.ts:2:export const checkout = (o) => priceOf(o)'
    )
    expect(context.text).toContain('app/models/order.ts')
    expect(context.text).not.toContain('SECRET=x')
    expect(context.omitted).toEqual([])
    expect(context.tokens).toBeLessThanOrEqual(12_000)
  })

  it('stays inside its budget and lists what did not fit', async () => {
    const context = await gather(120)
    expect(context.tokens).toBeLessThanOrEqual(120)
    expect(context.omitted.length).toBeGreaterThan(0)
    expect(context.text).toContain('Not included for lack of room')
    expect(await gather(0)).toEqual({
      text: '',
      included: [],
      omitted: [],
      tokens: 0
    })
  })
})
