/** Tests for src/repository/api-files.ts: the tools without a checkout, through a local REST server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOctokit } from '../src/github/octokit.js'
import { createApiFiles } from '../src/github/api-files.js'
import { executeTool } from '../src/review/tool-runner.js'
import { globTool } from '../src/tools/glob-tool.js'
import { grepTool } from '../src/tools/grep-tool.js'
import { readTool } from '../src/tools/read-tool.js'
import { Sandbox } from '../src/tools/sandbox.js'
import type { ToolContext } from '../src/tools/tool-context.js'
import { LocalGitHub } from '../dev/github-server.js'

const HEAD = 'a'.repeat(40)

describe('tools without a checkout', () => {
  let github: LocalGitHub
  let context: ToolContext
  const call = (name: string, input: unknown) =>
    executeTool([readTool, grepTool, globTool], name, input, context)

  beforeAll(async () => {
    github = new LocalGitHub()
    github.addContents('octo', 'shop', HEAD, {
      'src/app.ts': 'const a = 1\nconst b = 2\n',
      'src/link.ts': { symlink: 'app.ts' },
      'src/out': { symlink: '../../etc/passwd' },
      '.env': 'DB_PASSWORD=api-mode-secret-31337\n',
      'docs/notes.txt': { symlink: '../.env' }
    })
    github.addContents('octo', 'shop', 'b'.repeat(40), {
      'src/app.ts': 'OTHER COMMIT\n'
    })
    const url = await github.start()
    context = {
      files: createApiFiles(createOctokit('ghs_x', url), 'octo', 'shop', HEAD),
      sandbox: new Sandbox(undefined)
    }
  })
  afterAll(() => github.stop())

  it('Read uses the contents API at the head SHA', async () => {
    const before = github.requests.length
    expect(await call('Read', { file_path: 'src/app.ts' })).toEqual({
      content: '     1\tconst a = 1\n     2\tconst b = 2',
      isError: false
    })
    expect(
      github.requests
        .slice(before)
        .every(
          (r) =>
            r.query.get('ref') === HEAD || r.path.endsWith(`/git/trees/${HEAD}`)
        )
    ).toBe(true)
  })

  it('knows a link from the tree, though the contents API answers it with its target: a link to .env is refused', async () => {
    const result = await call('Read', { file_path: 'docs/notes.txt' })
    expect(result.isError).toBe(true)
    expect(result.content).toContain('may hold secrets')
    expect(result.content).not.toContain('api-mode-secret')
  })

  it('follows symlinks inside the repository and refuses those leaving it', async () => {
    expect(
      (await call('Read', { file_path: 'src/link.ts' })).content
    ).toContain('const a = 1')
    expect(await call('Read', { file_path: 'src/out' })).toEqual({
      content: expect.stringContaining('symbolic link out of the repository'),
      isError: true
    })
    expect((await call('Read', { file_path: 'src/missing.ts' })).content).toBe(
      'File does not exist: src/missing.ts'
    )
    expect((await call('Read', { file_path: 'src' })).content).toMatch(
      /is a directory/
    )
  })

  it('Grep and Glob say they need a checkout', async () => {
    for (const [name, input] of [
      ['Grep', { pattern: 'a' }],
      ['Glob', { pattern: '*.ts' }]
    ] as const) {
      const result = await call(name, input)
      expect(result.isError).toBe(true)
      expect(result.content).toContain('need a checkout of the repository')
    }
    expect(github.unexpected).toEqual([])
  })
})
