/**
 * Adversarial inputs to the model's tools (docs/SECURITY.md lists each
 * attack with the test that tries it).
 */
import { execFileSync } from 'node:child_process'
import { symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openGitFiles } from '../src/repository/git-files.js'
import { executeTool } from '../src/review/tool-runner.js'
import { GLOB_MAX_RESULTS, globTool } from '../src/tools/glob-tool.js'
import { grepTool } from '../src/tools/grep-tool.js'
import { READ_MAX_LINE_CHARS, readTool } from '../src/tools/read-tool.js'
import { Sandbox } from '../src/tools/sandbox.js'
import type { ToolContext } from '../src/tools/tool-context.js'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'

const TOOLS = [readTool, grepTool, globTool]
const SECRET = 'PRIVATE-fixture-secret-9f8e7d'

describe('blocked paths', () => {
  // What the hardening issue found readable, and the usual secret files.
  it.each([
    '.ENV',
    'config/Server.PEM',
    'ID_RSA',
    '.env-production',
    '.env_prod',
    '.envs/.production/.postgres',
    '.pgpass',
    'infra/terraform.tfvars',
    'infra/prod.tfvars.json',
    '.docker/config.json',
    'home/.kube/config',
    'keys/putty.ppk',
    'functions/local.settings.json',
    'gcp/my-project-service-account.json',
    'firebase/serviceAccountKey.json',
    '.netrc',
    'state/terraform.tfstate',
    'certs/client.p12',
    'certs/client.PFX',
    '.envrc',
    'deploy/id_ed25519.pub'
  ])('refuses %s, whatever its case', (path) => {
    expect(new Sandbox(undefined).allows(path)).toBe(false)
  })

  it.each([
    'src/environment.ts',
    'docs/keys.md',
    'config/settings.json',
    'src/envoy.ts'
  ])('lets %s through', (path) => {
    expect(new Sandbox(undefined).allows(path)).toBe(true)
  })
})

describe('key material under an innocent name', () => {
  let repo: GitFixture
  let context: ToolContext
  const call = (name: string, input: unknown) =>
    executeTool(TOOLS, name, input, context)

  beforeAll(async () => {
    repo = createGitFixture()
    repo.write(
      'config/gcp.json',
      JSON.stringify({
        type: 'service_account',
        project_id: 'shop',
        private_key_id: 'abc',
        private_key: `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----\n`
      })
    )
    repo.write(
      'docs/notes.txt',
      `setup notes\n-----BEGIN EC PRIVATE KEY-----\n${SECRET}\n-----END EC PRIVATE KEY-----\n`
    )
    repo.write('config/app.json', '{"project_id": "shop"}\n')
    const head = repo.commit('keys')
    context = {
      files: (await openGitFiles(repo.dir, head))!,
      sandbox: new Sandbox(repo.dir)
    }
  })
  afterAll(() => repo.cleanup())

  it('is refused by Read and left out of Grep lines, by its content', async () => {
    for (const path of ['config/gcp.json', 'docs/notes.txt']) {
      const read = await call('Read', { file_path: path })
      expect(read.isError).toBe(true)
      expect(read.content).toMatch(/holds a (private|service-account) key/)
      expect(read.content).not.toContain(SECRET)
    }
    for (const mode of ['content', 'count']) {
      const grep = await call('Grep', {
        pattern: 'project_id|PRIVATE|setup',
        output_mode: mode,
        '-C': 5
      })
      expect(grep.content).not.toContain(SECRET)
      expect(grep.content).not.toContain('gcp.json')
      expect(grep.content).not.toContain('notes.txt')
      expect(grep.content).toContain('config/app.json')
    }
  })
})

describe('hostile paths and files', () => {
  let repo: GitFixture
  let context: ToolContext
  const call = (name: string, input: unknown) =>
    executeTool(TOOLS, name, input, context)

  beforeAll(async () => {
    repo = createGitFixture()
    repo.write('src/app.ts', 'export const ok = true\n')
    repo.write(
      'deploy/id_rsa',
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRET}\n-----END OPENSSH PRIVATE KEY-----\n`
    )
    repo.write('config/credentials.json', `{"token": "${SECRET}"}\n`)
    repo.write('.env.production', `API_KEY=${SECRET}\n`)
    repo.write('one-line.txt', `${'x'.repeat(10 * 1024 * 1024)}\n`)
    repo.write(
      'latin1.txt',
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xff, 0xfe, 0x0a])
    )
    repo.write('nul.txt', Buffer.from('text\u0000more\n'))
    // 200 MB: Read must not load it whole.
    writeFileSync(
      join(repo.dir, 'huge.txt'),
      Buffer.alloc(200 * 1024 * 1024, 'abcdefghi\n')
    )
    symlinkSync('/proc/self/environ', join(repo.dir, 'environ'))
    symlinkSync('../../../../../../etc/passwd', join(repo.dir, 'src/passwd'))
    const head = repo.commit('hostile')
    context = {
      files: (await openGitFiles(repo.dir, head))!,
      sandbox: new Sandbox(repo.dir)
    }
  }, 60_000)
  afterAll(() => repo.cleanup())

  it('refuses private keys, credentials and env files, by Read and in Grep and Glob results', async () => {
    for (const path of [
      'deploy/id_rsa',
      'config/credentials.json',
      '.env.production'
    ]) {
      const result = await call('Read', { file_path: path })
      expect(result.isError).toBe(true)
      expect(result.content).not.toContain(SECRET)
    }
    const grep = await call('Grep', { pattern: SECRET, output_mode: 'content' })
    expect(grep.content).toBe('No matches found')
    expect((await call('Glob', { pattern: '**/*' })).content).not.toMatch(
      /id_rsa|credentials|\.env/
    )
  })

  it('refuses symlinks to /proc/self/environ and /etc/passwd', async () => {
    for (const path of ['environ', 'src/passwd']) {
      const result = await call('Read', { file_path: path })
      expect(result).toEqual({
        content: expect.stringContaining('symbolic link out of the repository'),
        isError: true
      })
    }
  })

  it('refuses a path with a NUL byte', async () => {
    expect(await call('Read', { file_path: 'src/app.ts\u0000.png' })).toEqual({
      content: 'Path contains a NUL byte.',
      isError: true
    })
  })

  it('reads a 200 MB file only up to its cap, and says so', async () => {
    const result = await call('Read', { file_path: 'huge.txt', limit: 3 })
    expect(result.content.split('\n').slice(0, 3)).toEqual([
      '     1\tabcdefghi',
      '     2\tabcdefghi',
      '     3\tabcdefghi'
    ])
    expect(result.content).toContain(
      'only the first 2 MB of a 209715200-byte file were read'
    )
  })

  it('truncates a 10 MB single line in Read and in Grep', async () => {
    const read = await call('Read', { file_path: 'one-line.txt' })
    expect(read.content.length).toBeLessThan(READ_MAX_LINE_CHARS + 500)
    expect(read.content).toContain('[line truncated]')
    const grep = await call('Grep', {
      pattern: 'x{10}',
      path: 'one-line.txt',
      output_mode: 'content'
    })
    expect(grep.content.length).toBeLessThan(1_000)
  })

  it('shows invalid UTF-8 with replacement characters and refuses NUL content as binary', async () => {
    expect((await call('Read', { file_path: 'latin1.txt' })).content).toBe(
      '     1\tcaf\ufffd\n     2\t\ufffd\ufffd'
    )
    expect((await call('Read', { file_path: 'nul.txt' })).content).toMatch(
      /binary file/
    )
  })
})

describe('a 100,000-file tree', () => {
  let repo: GitFixture
  let context: ToolContext

  beforeAll(async () => {
    repo = createGitFixture()
    // fast-import writes the tree without 100k files on disk.
    const lines = [
      'blob',
      'mark :1',
      'data 12',
      'export {} //',
      'commit refs/heads/main',
      'committer x <x@example.com> 1700000000 +0000',
      'data 3',
      'big'
    ]
    for (let i = 0; i < 100_000; i++)
      lines.push(
        `M 100644 :1 pkg${Math.floor(i / 1000)}/dir${Math.floor(i / 100) % 10}/file${i}.ts`
      )
    execFileSync('git', ['fast-import', '--quiet'], {
      cwd: repo.dir,
      input: `${lines.join('\n')}\n`
    })
    const head = repo.git('rev-parse', 'refs/heads/main').trim()
    context = {
      files: (await openGitFiles(repo.dir, head))!,
      sandbox: new Sandbox(repo.dir)
    }
  }, 60_000)
  afterAll(() => repo.cleanup())

  it('answers a Glob of every path on 100,000 files, capped', async () => {
    const result = await executeTool(
      TOOLS,
      'Glob',
      { pattern: '**/*' },
      context
    )
    const lines = result.content.split('\n')
    expect(lines).toHaveLength(GLOB_MAX_RESULTS + 1)
    expect(lines[GLOB_MAX_RESULTS]).toContain('100000 files match')
  })
})
