/** Tests for src/tools/* and src/repository/git-files.ts on a real repository. */
import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openGitFiles } from '../src/repository/git-files.js'
import type { RepositoryFiles } from '../src/repository/repository-files.js'
import { executeTool } from '../src/review/tool-runner.js'
import { globTool, GLOB_MAX_RESULTS } from '../src/tools/glob-tool.js'
import { grepTool } from '../src/tools/grep-tool.js'
import { readTool } from '../src/tools/read-tool.js'
import { Sandbox } from '../src/tools/sandbox.js'
import type { ToolContext } from '../src/tools/tool-context.js'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'

const TOOLS = [readTool, grepTool, globTool]

describe('Read, Grep and Glob at the head commit', () => {
  let repo: GitFixture
  let head: string
  let files: RepositoryFiles
  let context: ToolContext
  const call = (name: string, input: unknown) =>
    executeTool(TOOLS, name, input, context)

  beforeAll(async () => {
    repo = createGitFixture()
    repo.write(
      'src/orders/service.ts',
      Array.from(
        { length: 30 },
        (_, i) =>
          `line ${i + 1}: ${i === 11 ? 'db.query("SELECT * FROM orders")' : 'noop()'}`
      ).join('\n') + '\n'
    )
    repo.write(
      'src/orders/routes.ts',
      'router.get("/orders", listOrders)\nrouter.post("/orders", createOrder)\n'
    )
    repo.write('src/a-b:c.ts', 'export const weird = "SELECT 1"\n')
    repo.write('.env', 'SECRET_TOKEN=do-not-leak-1234\n')
    repo.write('config/prod.pem', '-----BEGIN PRIVATE KEY-----\nSELECT\n')
    repo.write('logo.bin', Buffer.from([0, 1, 2, 3, 0, 0]))
    repo.write('long.txt', `${'x'.repeat(5000)}\nshort\n`)
    repo.write('crlf.txt', 'one\r\ntwo\r\n')
    for (let i = 0; i < 120; i++)
      repo.write(`gen/file${String(i).padStart(3, '0')}.sql`, `SELECT ${i};\n`)
    repo.write('catastrophic.txt', `${'a'.repeat(50_000)}b\n`)
    symlinkSync('/etc/passwd', join(repo.dir, 'passwd-link'))
    symlinkSync('/proc/self/environ', join(repo.dir, 'environ-link'))
    symlinkSync('../../outside', join(repo.dir, 'src/escape-link'))
    symlinkSync('orders/routes.ts', join(repo.dir, 'src/routes-link.ts'))
    symlinkSync('../.env', join(repo.dir, 'src/env-link'))
    head = repo.commit('head')
    // The working tree moves on (as a merge checkout would): tools must still read the head commit.
    repo.write('src/orders/routes.ts', 'WORKING TREE ONLY\n')
    repo.commit('later commit')
    repo.git('checkout', '-q', '--detach', 'HEAD')
    files = (await openGitFiles(repo.dir, head))!
    context = { files, sandbox: new Sandbox(repo.dir) }
  })

  afterAll(() => repo.cleanup())

  it('Read numbers lines like cat -n and reads the head commit, not the working tree', async () => {
    const result = await call('Read', { file_path: 'src/orders/routes.ts' })
    expect(result).toEqual({
      content:
        '     1\trouter.get("/orders", listOrders)\n     2\trouter.post("/orders", createOrder)',
      isError: false
    })
  })

  it('Read accepts absolute paths inside the workspace and honours offset and limit', async () => {
    const result = await call('Read', {
      file_path: join(repo.dir, 'src/orders/service.ts'),
      offset: 11,
      limit: 2
    })
    expect(result.content.split('\n').slice(0, 2)).toEqual([
      '    11\tline 11: noop()',
      '    12\tline 12: db.query("SELECT * FROM orders")'
    ])
    expect(result.content).toContain('Showing lines 11-12 of 30')
  })

  it('Read truncates long lines, strips CRs and follows links inside the repository', async () => {
    expect((await call('Read', { file_path: 'long.txt' })).content).toMatch(
      /^ {5}1\tx{2000}… \[line truncated\]\n {5}2\tshort$/
    )
    expect((await call('Read', { file_path: 'crlf.txt' })).content).toBe(
      '     1\tone\n     2\ttwo'
    )
    expect(
      (await call('Read', { file_path: 'src/routes-link.ts' })).content
    ).toContain('router.get')
  })

  it.each([
    ['../../etc/passwd', /outside the repository/],
    ['/etc/passwd', /outside the repository/],
    ['passwd-link', /symbolic link out of the repository/],
    ['environ-link', /symbolic link out of the repository/],
    ['src/escape-link', /symbolic link out of the repository/],
    ['.env', /may hold secrets/],
    ['src/env-link', /may hold secrets/],
    ['config/prod.pem', /may hold secrets/],
    ['.git/config', /inside \.git/],
    ['src/../.git/HEAD', /inside \.git/],
    ['logo.bin', /binary file/],
    ['missing.ts', /does not exist/],
    ['src', /is a directory/]
  ])(
    'Read refuses %s with an error result and no content',
    async (path, message) => {
      const result = await call('Read', { file_path: path })
      expect(result.isError).toBe(true)
      expect(result.content).toMatch(message)
      expect(result.content).not.toMatch(
        /root:|do-not-leak|BEGIN PRIVATE KEY|PATH=/
      )
    }
  )

  it('rejects malformed tool input with what was wrong', async () => {
    const result = await call('Read', { file_path: 42 })
    expect(result).toEqual({
      content: expect.stringContaining('Invalid input for Read: file_path'),
      isError: true
    })
    expect((await call('Write', { file_path: 'x' })).content).toBe(
      "Unknown tool 'Write'. Available: Read, Grep, Glob."
    )
  })

  it('Grep lists files with matches, never secret files', async () => {
    const result = await call('Grep', {
      pattern: 'SELECT|do-not-leak',
      glob: '*.{ts,pem,env}'
    })
    expect(result.content).toBe(
      'Found 2 files\nsrc/a-b:c.ts\nsrc/orders/service.ts'
    )
  })

  it('Grep shows content as path:line:text with context rows as path-line-text', async () => {
    const result = await call('Grep', {
      pattern: 'db\\.query',
      path: 'src',
      output_mode: 'content',
      '-B': 1
    })
    expect(result.content).toBe(
      'src/orders/service.ts-11-line 11: noop()\nsrc/orders/service.ts:12:line 12: db.query("SELECT * FROM orders")'
    )
  })

  it('Grep counts, ignores case and caps entries with head_limit', async () => {
    expect(
      (await call('Grep', { pattern: 'router', output_mode: 'count' })).content
    ).toBe('src/orders/routes.ts:2')
    expect(
      (
        await call('Grep', {
          pattern: 'ROUTER\\.POST',
          '-i': true,
          output_mode: 'content'
        })
      ).content
    ).toBe('src/orders/routes.ts:2:router.post("/orders", createOrder)')
    const capped = await call('Grep', {
      pattern: 'SELECT',
      path: 'gen',
      head_limit: 3
    })
    expect(capped.content.split('\n').slice(0, 4)).toEqual([
      'Found 120 files',
      'gen/file000.sql',
      'gen/file001.sql',
      'gen/file002.sql'
    ])
    expect(capped.content).toContain('showing the first 3 of 120 entries')
  })

  it('Grep stops a catastrophic regex with an error', async () => {
    const result = await call('Grep', {
      pattern: '(a+)+$',
      path: 'catastrophic.txt',
      output_mode: 'content'
    })
    expect(result.isError).toBe(true)
    expect(result.content).toMatch(/catastrophic regex|stopped/)
  })

  it('Grep reports an invalid regex as an error result', async () => {
    const result = await call('Grep', { pattern: '(unclosed' })
    expect(result.isError).toBe(true)
    expect(result.content).toMatch(/^Grep failed/)
  })

  it('Glob matches names at any depth, sorted, and caps the list', async () => {
    expect(
      (await call('Glob', { pattern: '*.ts', path: 'src/orders' })).content
    ).toBe('src/orders/routes.ts\nsrc/orders/service.ts')
    const many = await call('Glob', { pattern: '**/*.sql' })
    const lines = many.content.split('\n')
    expect(lines).toHaveLength(GLOB_MAX_RESULTS + 1)
    expect(lines[0]).toBe('gen/file000.sql')
    expect(lines[GLOB_MAX_RESULTS]).toContain('120 files match')
    expect((await call('Glob', { pattern: '.env*' })).content).toBe(
      'No files found'
    )
  })

  it('blocked-paths adds team globs to the defaults', async () => {
    const strict = { files, sandbox: new Sandbox(repo.dir, ['src/orders/**']) }
    const result = await executeTool(
      TOOLS,
      'Read',
      { file_path: 'src/orders/routes.ts' },
      strict
    )
    expect(result).toEqual({
      content: expect.stringMatching(
        /may hold secrets \(matches 'src\/orders\/\*\*'\)/
      ),
      isError: true
    })
  })

  it('answers that the head commit is missing with no view', async () => {
    expect(await openGitFiles(repo.dir, 'f'.repeat(40))).toBeUndefined()
  })
})
