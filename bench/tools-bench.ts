/**
 * Grep and Glob on a 50,000-file repository, as the model calls them
 * (through the tool layer, at a commit, sandbox filtering included).
 */
import { openGitFiles } from '../src/repository/git-files.js'
import { executeTool } from '../src/review/tool-runner.js'
import { globTool } from '../src/tools/glob-tool.js'
import { grepTool } from '../src/tools/grep-tool.js'
import { readTool } from '../src/tools/read-tool.js'
import { Sandbox } from '../src/tools/sandbox.js'
import { createGitFixture } from '../dev/git-fixture.js'

export const REPO_FILES = 50_000

export interface ToolTiming {
  call: string
  ms: number
  result: string
}

export async function runToolsBench(): Promise<ToolTiming[]> {
  const repo = createGitFixture('architect-review-tools-bench-')
  try {
    for (let i = 0; i < REPO_FILES; i++) {
      const body =
        i % 1000 === 7
          ? `export function handler${i}(req) {\n  return db.query('SELECT * FROM t WHERE id = ' + req.id)\n}\n`
          : `export const value${i} = ${i}\nexport function f${i}() {\n  return value${i} * 2\n}\n`
      repo.write(
        `pkg${Math.floor(i / 500)}/module${i}.${i % 3 === 0 ? 'py' : 'ts'}`,
        body
      )
    }
    const head = repo.commit('50k files')
    // A clone from GitHub (actions/checkout) holds its objects in a pack, not loose.
    repo.git('repack', '-adq')
    const files = (await openGitFiles(repo.dir, head))!
    const context = { files, sandbox: new Sandbox(repo.dir) }
    const timings: ToolTiming[] = []
    const time = async (
      name: string,
      input: Record<string, unknown>
    ): Promise<void> => {
      const started = performance.now()
      const outcome = await executeTool(
        [readTool, grepTool, globTool],
        name,
        input,
        context
      )
      const ms = performance.now() - started
      if (outcome.isError) throw new Error(`${name} failed: ${outcome.content}`)
      timings.push({
        call: `${name} ${JSON.stringify(input)}`,
        ms,
        result: outcome.content.split('\n')[0]
      })
    }
    // The first call lists the tree once; later calls reuse it.
    await time('Glob', { pattern: '**/*.ts' })
    await time('Glob', { pattern: 'pkg42/*.py' })
    await time('Grep', { pattern: "db\\.query\\('SELECT" })
    await time('Grep', {
      pattern: 'db\\.query',
      output_mode: 'content',
      glob: '*.ts',
      '-C': 1
    })
    await time('Grep', {
      pattern: 'value\\d+ \\* 2',
      output_mode: 'count',
      head_limit: 10
    })
    await time('Read', { file_path: 'pkg99/module49999.ts' })
    return timings
  } finally {
    repo.cleanup()
  }
}
