/** Tests for src/context/*: scopes per language on real code shapes, symbols, and gathering through the tools. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gatherContext } from '../src/context/gather-context.js'
import { languageOf } from '../src/context/languages.js'
import { enclosingScope } from '../src/context/scope-finder.js'
import { MAX_SEARCHES_PER_UNIT } from '../src/context/use-sites.js'
import { changedSymbols, removedSymbols } from '../src/context/symbols.js'
import { parsePatch } from '../src/diff/hunk-parser.js'
import { parseGitDiff } from '../src/diff/git-diff-parser.js'
import { planReview } from '../src/plan/review-plan.js'
import { openGitFiles } from '../src/repository/git-files.js'
import { Sandbox } from '../src/tools/sandbox.js'
import { createGitFixture, gitDiff } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'
import { unitContext } from './helpers/unit-context.js'

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
      kind: 'route',
      name: '/orders/{id}',
      start: 3,
      end: 6
    })
  })

  it('Python: a changed decorator line, and a line inside a multi-line signature', () => {
    const py = [
      'from fastapi import APIRouter',
      '',
      '@router.get(',
      '    "/items/{item_id}",',
      '    response_model=Item,  # DECORATOR',
      ')',
      '@requires_auth',
      'async def read_item(',
      '    item_id: int,',
      '    db: Session = Depends(get_db),',
      ') -> Item:',
      '    item = db.get(Item, item_id)  # BODY',
      '    return item',
      '',
      'def other():',
      '    pass'
    ].join('\n')
    for (const marker of [
      'DECORATOR',
      'BODY',
      '@requires_auth',
      'item_id: int'
    ])
      expect(scopeAt(py, marker, 'routes.py')).toMatchObject({
        kind: 'route',
        name: '/items/{item_id}',
        first: '@router.get(',
        last: 'return item'
      })
  })

  it('TypeScript: a multi-line signature and a NestJS-decorated method', () => {
    const ts = [
      '@Controller("orders")',
      'export class OrdersController {',
      '  constructor(private readonly orders: OrdersService) {}',
      '',
      "  @Get(':id')",
      '  @UseGuards(AuthGuard)',
      '  async findOne(',
      "    @Param('id') id: string,",
      '    @Query() query: FindQuery',
      '  ): Promise<Order> {',
      '    return this.orders.find(id, query) // FIND',
      '  }',
      '}',
      '',
      'export async function createOrder(',
      '  db: Db,',
      '  input: NewOrder,',
      '  options: CreateOptions = {},',
      '  audit?: Audit',
      '): Promise<Order> {',
      "  return db.insert('orders', input) // CREATE",
      '}'
    ].join('\n')
    expect(scopeAt(ts, '// FIND', 'o.ts')).toMatchObject({
      kind: 'route',
      name: ':id',
      start: 5,
      end: 12
    })
    expect(scopeAt(ts, '@UseGuards', 'o.ts')).toMatchObject({
      start: 5,
      end: 12
    })
    expect(scopeAt(ts, '// CREATE', 'o.ts')).toMatchObject({
      kind: 'function',
      name: 'createOrder',
      start: 15,
      end: 22
    })
  })

  it('C#: an ASP.NET controller action with attributes, a minimal API route and a record', () => {
    const cs = [
      'namespace Shop.Web.Controllers;',
      '',
      '[ApiController]',
      '[Route("api/[controller]")]',
      'public class OrdersController : ControllerBase',
      '{',
      '    [HttpGet("{id}")]',
      '    [ProducesResponseType(StatusCodes.Status200OK)]',
      '    public async Task<ActionResult<OrderDto>> Get(',
      '        int id,',
      '        CancellationToken cancellationToken)',
      '    {',
      '        var order = await _db.Orders.FindAsync(id); // GET',
      '        return order is null ? NotFound() : Ok(order);',
      '    }',
      '',
      '    private static decimal Total(IEnumerable<Line> lines)',
      '    {',
      '        return lines.Sum(l => l.Price); // TOTAL',
      '    }',
      '}',
      '',
      'app.MapPost("/orders", async (NewOrder input, ShopDb db) =>',
      '{',
      '    db.Orders.Add(input.ToEntity()); // MAP',
      '    await db.SaveChangesAsync();',
      '});'
    ].join('\n')
    expect(scopeAt(cs, '// GET', 'OrdersController.cs')).toMatchObject({
      kind: 'route',
      name: '{id}',
      start: 7,
      end: 15
    })
    expect(scopeAt(cs, '// TOTAL', 'OrdersController.cs')).toMatchObject({
      kind: 'function',
      name: 'Total',
      start: 17,
      end: 20
    })
    expect(scopeAt(cs, '// MAP', 'Program.cs')).toMatchObject({
      kind: 'route',
      name: '/orders',
      start: 23,
      end: 27
    })
  })

  it('Kotlin, Rust and PHP: functions, methods and routes', () => {
    const kt = [
      '@RestController',
      'class OrderController(private val repo: OrderRepository) {',
      '    @PostMapping("/orders")',
      '    suspend fun create(@RequestBody input: NewOrder): Order {',
      '        return repo.save(input.toEntity()) // CREATE',
      '    }',
      '}'
    ].join('\n')
    expect(scopeAt(kt, '// CREATE', 'OrderController.kt')).toMatchObject({
      kind: 'route',
      name: '/orders',
      start: 3,
      end: 6
    })
    const rs = [
      'impl OrderStore {',
      '    pub async fn find(&self, id: i64) -> Result<Order, Error> {',
      '        sqlx::query_as("SELECT * FROM orders WHERE id = $1") // FIND',
      '            .bind(id)',
      '            .fetch_one(&self.pool)',
      '            .await',
      '    }',
      '}',
      '',
      '#[get("/orders/{id}")]',
      'async fn get_order(path: web::Path<i64>) -> impl Responder {',
      '    HttpResponse::Ok() // ROUTE',
      '}'
    ].join('\n')
    expect(scopeAt(rs, '// FIND', 'store.rs')).toMatchObject({
      kind: 'function',
      name: 'find',
      start: 2,
      end: 7
    })
    expect(scopeAt(rs, '// ROUTE', 'store.rs')).toMatchObject({
      kind: 'route',
      name: '/orders/{id}',
      start: 10,
      end: 13
    })
    const php = [
      '<?php',
      'class OrderController extends Controller',
      '{',
      '    public function store(Request $request): JsonResponse',
      '    {',
      '        $order = Order::create($request->all()); // STORE',
      '        return response()->json($order, 201);',
      '    }',
      '}',
      "Route::get('/orders/{id}', function (string $id) {",
      '    return Order::findOrFail($id); // ROUTE',
      '});'
    ].join('\n')
    expect(scopeAt(php, '// STORE', 'OrderController.php')).toMatchObject({
      kind: 'function',
      name: 'store',
      start: 4,
      end: 8
    })
    expect(scopeAt(php, '// ROUTE', 'routes.php')).toMatchObject({
      kind: 'route',
      name: '/orders/{id}',
      start: 10,
      end: 12
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
  it('reads DDL keywords as DDL only in SQL, or written as DDL in code; reads CommonJS exports', () => {
    // 'Add this as a parameter' once made a search for 'this'.
    expect(
      changedSymbols('src/api.ts', 'js', [
        '// Add this as a parameter',
        '  add column names to the report'
      ])
    ).toEqual([])
    expect(
      changedSymbols('db/002.sql', 'sql', [
        'alter table orders add column discount numeric'
      ])
    ).toEqual([
      { name: 'orders', kind: 'table', path: 'db/002.sql' },
      { name: 'discount', kind: 'column', path: 'db/002.sql' }
    ])
    expect(
      changedSymbols('migrations/002.py', 'python', [
        "    op.execute('ALTER TABLE orders ADD COLUMN discount numeric')"
      ]).map((s) => s.name)
    ).toEqual(['orders', 'discount'])
    expect(
      removedSymbols({
        path: 'src/legacy.js',
        status: 'removed',
        additions: 0,
        deletions: 1,
        binary: false,
        patchMissing: false,
        hunks: parsePatch(
          '@@ -1,1 +0,0 @@\n-module.exports = { legacyExportCsv }'
        )
      })
    ).toEqual([
      { name: 'legacyExportCsv', kind: 'function', path: 'src/legacy.js' }
    ])
  })

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
        '  const total = order.total',
        '  const tax = total * 0.2',
        '  const shipping = order.express ? 12 : 4',
        '  const rounded = Math.round((total + tax) * 100) / 100',
        '  return rounded + shipping',
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
        '  const total = order.total * (1 - order.discount)',
        '  const tax = total * 0.2',
        '  const shipping = order.express ? 12 : 4',
        '  const rounded = Math.round((total + tax) * 100) / 100',
        '  return rounded + shipping',
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

  const gather = (budget: number) => unitContext(repo, base, head, budget)

  it('gathers scopes, whole small files, uses of changed symbols and related files through the tools', async () => {
    const context = await gather(12_000)
    expect(context.included).toEqual(
      expect.arrayContaining([
        'src/orders/service.ts: function priceOf (lines 201-207)',
        'Related to src/orders/service.ts: its tests',
        'Related to db/migrations/002_add_orders_discount.sql: models of the migrated tables'
      ])
    )
    // What the diff shows (lines 198-205) is not repeated; the rest of the function is.
    expect(context.text).toContain('(lines 201-205 are in the diff above)')
    expect(context.text).toContain('   206\t  return rounded + shipping')
    expect(context.text).not.toContain('   202\t')
    // A small file the diff shows whole brings nothing more.
    expect(context.included.join('\n')).not.toContain('src/small.ts')
    expect(context.text).toContain(
      'src/api/checkout.ts:2 (in function checkout): export const checkout = (o) => priceOf(o)'
    )
    expect(context.text).toContain('app/models/order.ts')
    expect(context.text).not.toContain('SECRET=x')
    // The added migration is whole in the diff: its text is not repeated.
    expect(context.included.join('\n')).not.toContain(
      '002_add_orders_discount.sql (whole file'
    )
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

describe('gatherContext finds the right code on real repository shapes', () => {
  let repo: GitFixture
  let base: string
  let head: string

  beforeAll(() => {
    repo = createGitFixture()
    const filler = (n: number): string[] =>
      Array.from({ length: n }, (_, i) => `// filler ${i}`)
    repo.write(
      'internal/records/base.go',
      [
        'package records',
        ...filler(150),
        'func Start() {}',
        'func FindRecordsByFilter() {}',
        ''
      ].join('\n')
    )
    repo.write('internal/records/base_test.go', 'package records\n')
    for (const other of ['forms', 'mails', 'tokens'])
      repo.write(`internal/${other}/base_test.go`, `package ${other}\n`)
    repo.write(
      'internal/apis/records.go',
      'package apis\n\nfunc list() { records.FindRecordsByFilter() }\nfunc boot() { records.Start() }\n'
    )
    repo.write(
      'README.md',
      'Call FindRecordsByFilter to Start. See / for the UI.\n'
    )
    repo.write('.gitignore', '/\n/dist\n')
    repo.write(
      'legacy/exporter.ts',
      ['export function exportLedgerCsv(rows) {', ...filler(120), '}', ''].join(
        '\n'
      )
    )
    repo.write(
      'src/reports/monthly.ts',
      "import { exportLedgerCsv } from '../../legacy/exporter.js'\nexport const monthly = (r) => exportLedgerCsv(r)\n"
    )
    base = repo.commit('base')
    repo.write(
      'internal/records/base.go',
      [
        'package records',
        ...filler(150),
        'func Start() { println("started") }',
        'func FindRecordsByFilter() { println("filtered") }',
        ''
      ].join('\n')
    )
    repo.write(
      'internal/apis/root.go',
      'package apis\n\n// FindRecordsByFilter is served at "/".\nfunc root() {}\n'
    )
    repo.remove('legacy/exporter.ts')
    head = repo.commit('change')
  })
  afterAll(() => repo.cleanup())

  const gather = async () => {
    const plan = planReview(parseGitDiff(gitDiff(repo, base, head)), [], 40_000)
    const files = (await openGitFiles(repo.dir, head))!
    expect(plan.units).toHaveLength(1)
    return gatherContext(
      plan.units[0],
      { files, sandbox: new Sandbox(repo.dir) },
      20_000
    )
  }

  it('searches uses in code files only, for specific names only, each once per unit', async () => {
    const context = await gather()
    const uses = context.included.filter((t) => t.startsWith('Uses of'))
    expect(uses).toEqual([
      'Uses of function FindRecordsByFilter (from internal/records/base.go) elsewhere'
    ])
    expect(context.text).toContain(
      'internal/apis/records.go:3 (in function list): func list() { records.FindRecordsByFilter() }'
    )
    expect(context.text).not.toContain('README.md:')
    expect(context.text).not.toContain('.gitignore')
    expect(context.text).not.toContain('records.Start()')
  })

  it('relates tests by package, not by bare file name', async () => {
    const context = await gather()
    const section = context.text.slice(
      context.text.indexOf('## Related to internal/records/base.go: its tests')
    )
    expect(section).toContain('internal/records/base_test.go')
    for (const other of ['forms', 'mails', 'tokens'])
      expect(context.text).not.toContain(`internal/${other}/base_test.go`)
  })

  it('shows where the symbols of a removed file are still used', async () => {
    const context = await gather()
    expect(context.included).toContain(
      'Still used after legacy/exporter.ts removed it: function exportLedgerCsv'
    )
    expect(context.text).toContain(
      "src/reports/monthly.ts:1: import { exportLedgerCsv } from '../../legacy/exporter.js'"
    )
  })
})

describe('gatherContext puts first what the changed code uses from its imports', () => {
  let repo: GitFixture
  let base: string
  let head: string

  beforeAll(() => {
    repo = createGitFixture()
    repo.write(
      'src/db/pool.ts',
      'export async function query(sql: string, params: unknown[] = []) {\n  return pool.execute(sql, params)\n}\n'
    )
    repo.write(
      'src/routes/orders.ts',
      "import { query } from '../db/pool.js'\n"
    )
    repo.write('src/routes/users.ts', "import { query } from '../db/pool.js'\n")
    repo.write('app/models.py', 'class User:\n    pass\n')
    repo.write('app/api/users.py', 'from ..models import User\n')
    base = repo.commit('base')
    repo.write(
      'src/routes/orders.ts',
      "import { query } from '../db/pool.js'\nexport const listOrders = (id: string) => query('SELECT * FROM orders WHERE customer = ' + id)\n"
    )
    repo.write(
      'src/routes/users.ts',
      "import { query } from '../db/pool.js'\nexport const listUsers = () => query('SELECT * FROM users')\n"
    )
    repo.write(
      'app/api/users.py',
      'from ..models import User\n\ndef get_user(id):\n    return User.find(id)\n'
    )
    head = repo.commit('routes')
  })
  afterAll(() => repo.cleanup())

  it('shows what the changed code uses from its imports once, as definitions, right after the changed code', async () => {
    const context = await unitContext(repo, base, head, 20_000)
    // A relative Python import: the class the changed line calls a method of.
    expect(context.included).toContain(
      'app/models.py (whole file, 2 lines): class User (lines 1-2), used at app/api/users.py:4'
    )
    // pool.ts's query is called by two changed files: shown once.
    const pool = context.included.filter((t) => t.startsWith('src/db/pool.ts'))
    expect(pool).toEqual([
      'src/db/pool.ts (whole file, 3 lines): function query (lines 1-3), used at src/routes/orders.ts:2'
    ])
    expect(context.text.split('return pool.execute(sql, params)')).toHaveLength(
      2
    )
    // No module shown whole: only what the change uses of it.
    expect(context.included.join('\n')).not.toContain('(imported by')
    // After the changed files' own text, before uses and related files.
    const firstUse = context.included.findIndex((t) => t.startsWith('Uses of'))
    const lastCallee = context.included.findIndex((t) =>
      t.startsWith('src/db/pool.ts')
    )
    if (firstUse >= 0) expect(lastCallee).toBeLessThan(firstUse)
  })
})

describe('scopes read by the parser', () => {
  const repo = createGitFixture()
  const method = (i: number) => [
    `  handle${i}(order) {`,
    `    return order.total * ${i}`,
    '  }',
    ''
  ]
  const klass = (changed: string[]) =>
    [
      'export class Pricing {',
      ...Array.from({ length: 30 }, (_, i) => method(i)).flat(),
      '  discount(order) {',
      ...changed,
      ...Array.from(
        { length: 12 },
        (_, i) => `    order.lines[${i}].checked = true`
      ),
      '    return order.total',
      '  }',
      '}',
      ''
    ].join('\n')
  const java = (body: string) =>
    [
      'package org.example;',
      '',
      'class Clinic {',
      ...Array.from({ length: 130 }, (_, i) => `  int field${i};`),
      '',
      '  void setup() {',
      `    ${body}`,
      ...Array.from({ length: 10 }, (_, i) => `    field${i} = ${i};`),
      '  }',
      '}',
      ''
    ].join('\n')
  let base = ''
  let head = ''
  beforeAll(() => {
    repo.write('src/pricing.ts', klass([]))
    repo.write('src/Clinic.java', java('owners.findAll();'))
    base = repo.commit('base')
    repo.write(
      'src/pricing.ts',
      klass([
        '    // Members get 5% off.',
        '    if (order.member) return order.total * 0.95'
      ])
    )
    repo.write('src/Clinic.java', java('owners.findAllCached();'))
    head = repo.commit('change')
  })
  afterAll(() => repo.cleanup())

  it('a comment added above a one-line change does not make the whole class the scope; a package-private Java method is a scope', async () => {
    const context = await unitContext(repo, base, head, 12_000)
    expect(context.included).toEqual(
      expect.arrayContaining([
        'src/pricing.ts: function discount (lines 122-138)',
        'src/Clinic.java: function setup (lines 135-147)'
      ])
    )
    expect(context.included.join('\n')).not.toContain('class Pricing')
  })
})

describe('definitions the changed lines call, in other files, through imports resolved per language', () => {
  const repo = createGitFixture()
  const files: Record<string, [string, string]> = {
    // full-stack-fastapi-template: an absolute import from the project root.
    'backend/app/crud.py': [
      'from app.core.security import verify_password\n\n\ndef authenticate(user, password):\n    return user\n',
      'from app.core.security import verify_password\n\n\ndef authenticate(user, password):\n    if not verify_password(password, user.hashed_password):\n        return None\n    return user\n'
    ],
    // A tsconfig `paths` alias.
    'web/src/routes/orders.ts': [
      "import { query } from '@/db/pool'\n\nexport function list() {\n  return []\n}\n",
      "import { query } from '@/db/pool'\n\nexport function list(customer: string) {\n  return query('SELECT * FROM orders WHERE customer = $1', [customer])\n}\n"
    ],
    // A Go package under go.mod's module path.
    'api/core/view.go': [
      'package core\n\nimport "github.com/acme/shop/api/tools/dbutils"\n\nfunc Check(q string) error {\n\treturn nil\n}\n',
      'package core\n\nimport "github.com/acme/shop/api/tools/dbutils"\n\nfunc Check(q string) error {\n\treturn dbutils.Validate(q)\n}\n'
    ],
    // Rails: a constant autoloaded from app/models.
    'app/controllers/articles_controller.rb': [
      'class ArticlesController < ApplicationController\n  def index\n  end\nend\n',
      'class ArticlesController < ApplicationController\n  def index\n    @articles = Article.recent\n  end\nend\n'
    ]
  }
  const unchanged: Record<string, string> = {
    'backend/app/core/security.py':
      'def get_password_hash(password):\n    return password\n\n\ndef verify_password(plain, hashed):\n    return pwd_context.verify(plain, hashed)\n',
    'web/tsconfig.json':
      '{\n  // comments are allowed here\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] }, },\n}\n',
    'web/src/db/pool.ts':
      'export async function query(sql: string, params: unknown[] = []) {\n  return pool.query(sql, params)\n}\n',
    'api/go.mod': 'module github.com/acme/shop/api\n\ngo 1.22\n',
    'app/models/article.rb':
      'class Article < ApplicationRecord\n  def self.recent\n    order(created_at: :desc).limit(20)\n  end\nend\n',
    // A test whose file name says nothing of what it tests.
    'backend/tests/crud/test_user.py':
      'from app import crud\n\n\ndef test_check_if_user_is_active(db):\n    assert crud.authenticate(user, "x")\n'
  }
  let base = ''
  let head = ''
  beforeAll(() => {
    for (const [path, text] of Object.entries(unchanged)) repo.write(path, text)
    // The Go module path is the repository's api/ folder.
    repo.write(
      'api/tools/dbutils/validate.go',
      'package dbutils\n\nfunc Validate(q string) error {\n\treturn nil\n}\n'
    )
    for (const [path, [before]] of Object.entries(files))
      repo.write(path, before)
    base = repo.commit('base')
    for (const [path, [, after]] of Object.entries(files))
      repo.write(path, after)
    head = repo.commit('change')
  })
  afterAll(() => repo.cleanup())

  it('shows each callee’s definition with where it is used', async () => {
    const context = await unitContext(repo, base, head, 20_000)
    expect(context.included).toEqual(
      expect.arrayContaining([
        'backend/app/core/security.py (whole file, 6 lines): function verify_password (lines 5-6), used at backend/app/crud.py:5',
        'web/src/db/pool.ts (whole file, 3 lines): function query (lines 1-3), used at web/src/routes/orders.ts:4',
        // The class holds the method called: shown once, whole, not again as the method.
        'app/models/article.rb (whole file, 5 lines): class Article (lines 1-5), used at app/controllers/articles_controller.rb:3',
        'api/tools/dbutils/validate.go (whole file, 5 lines): function Validate (lines 3-5), used at api/core/view.go:6'
      ])
    )
    expect(context.text).toContain('return pwd_context.verify(plain, hashed)')
    expect(context.text).toContain('order(created_at: :desc).limit(20)')
    expect(
      context.included.filter((t) => t.startsWith('app/models/article.rb'))
    ).toHaveLength(1)
    expect(context.included).toContain(
      'Tests that use function authenticate (from backend/app/crud.py)'
    )
    expect(context.text).toContain(
      'backend/tests/crud/test_user.py:5 (in function test_check_if_user_is_active): assert crud.authenticate(user, "x")'
    )
  })
})

describe('a unit’s use searches are bounded', () => {
  const repo = createGitFixture()
  let base = ''
  let head = ''
  beforeAll(() => {
    for (let f = 0; f < 3; f++) repo.write(`src/module${f}.ts`, 'export {}\n')
    base = repo.commit('base')
    for (let f = 0; f < 3; f++)
      repo.write(
        `src/module${f}.ts`,
        Array.from(
          { length: 8 },
          (_, i) => `export function handleOrderStep${f}x${i}() { return ${i} }`
        ).join('\n') + '\n'
      )
    head = repo.commit('24 functions')
  })
  afterAll(() => repo.cleanup())

  it('searches the uses of at most MAX_SEARCHES_PER_UNIT names, whatever the unit declares', async () => {
    const plan = planReview(parseGitDiff(gitDiff(repo, base, head)), [], 40_000)
    expect(plan.units).toHaveLength(1)
    const files = (await openGitFiles(repo.dir, head))!
    let greps = 0
    const counting = Object.assign(Object.create(files) as typeof files, {
      grep: (query: Parameters<typeof files.grep>[0]) => {
        // Use searches only: related tests are found by another search.
        if (query.pattern.startsWith('\\bhandleOrderStep')) greps++
        return files.grep(query)
      }
    })
    await gatherContext(
      plan.units[0],
      { files: counting, sandbox: new Sandbox(repo.dir) },
      20_000
    )
    expect(greps).toBe(MAX_SEARCHES_PER_UNIT)
  })
})

describe('a long definition is shown by its signature, the changed region and its end', () => {
  const repo = createGitFixture()
  const view = (changedLine: string) =>
    [
      'package core',
      '',
      '// createViewQuery builds the SELECT of a view collection.',
      'func createViewQuery(app App, selectQuery string) (string, error) {',
      ...Array.from({ length: 80 }, (_, i) => `\tstep${i} := prepare(${i})`),
      changedLine,
      ...Array.from({ length: 80 }, (_, i) => `\tcheck${i} := verify(${i})`),
      '\treturn selectQuery, nil',
      '}',
      ''
    ].join('\n')
  let base = ''
  let head = ''
  beforeAll(() => {
    repo.write('core/view.go', view('\tidentifier := parse(selectQuery)'))
    base = repo.commit('base')
    repo.write(
      'core/view.go',
      view('\tidentifier := parseIdentifier(selectQuery, app)')
    )
    head = repo.commit('change')
  })
  afterAll(() => repo.cleanup())

  it('not a window around the change: the whole function, its middle elided', async () => {
    const context = await unitContext(repo, base, head, 20_000)
    expect(context.included).toContain(
      'core/view.go: function createViewQuery (lines 4-167)'
    )
    expect(context.text).toContain(
      'func createViewQuery(app App, selectQuery string) (string, error) {'
    )
    expect(context.text).toMatch(
      /…\t\(lines \d+-\d+ of createViewQuery elided\)/
    )
    expect(context.text).toContain('\treturn selectQuery, nil')
    expect(context.text).toContain('(lines 82-88 are in the diff above)')
    expect(context.text).not.toContain('step10 :=')
  })
})
