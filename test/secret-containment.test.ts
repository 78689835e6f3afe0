/**
 * Property: for random trees where allowed and blocked file names are
 * prefixes of each other (`config` and `config-local.env`, `deploy/key`
 * and `deploy/key-prod.pem`), nothing a tool answers and nothing context
 * gathering collects contains a blocked file's content.
 */
import { describe, expect, it } from 'vitest'
import { gatherContext } from '../src/context/gather-context.js'
import { parseGitDiff } from '../src/diff/git-diff-parser.js'
import { planReview } from '../src/plan/review-plan.js'
import { openGitFiles } from '../src/repository/git-files.js'
import { executeTool } from '../src/review/tool-runner.js'
import { globTool } from '../src/tools/glob-tool.js'
import { grepTool } from '../src/tools/grep-tool.js'
import { readTool } from '../src/tools/read-tool.js'
import { Sandbox } from '../src/tools/sandbox.js'
import { createGitFixture, gitDiff } from '../dev/git-fixture.js'
import { seededRandom } from './helpers/random.js'

/** Allowed names, and blocked names that start with them. */
const STEMS = ['config', 'deploy/key', 'app', 'settings/prod', 'id']
const BLOCKED_TAILS = [
  '-local.env',
  '.env',
  '-prod.pem',
  '.PEM',
  '.p12',
  '.tfvars',
  '.key',
  '-1-2.env'
]
const ALLOWED_TAILS = ['', '.ts', '-1-2', '.md', '-notes']

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]
}

const TREES = 12

describe('secret containment on random prefix trees', () => {
  it('holds on random prefix trees: Grep in every mode, Glob, Read and gathered context', async () => {
    for (let seed = 1; seed <= TREES; seed++) {
      const next = seededRandom(seed)
      const repo = createGitFixture()
      try {
        const secrets: string[] = []
        const allowed = new Set<string>()
        const blocked = new Set<string>()
        for (const stem of STEMS) {
          allowed.add(`${stem}${pick(next, ALLOWED_TAILS)}`)
          blocked.add(`${stem}${pick(next, BLOCKED_TAILS)}`)
          if (next() < 0.5) blocked.add(`${stem}${pick(next, BLOCKED_TAILS)}`)
        }
        for (const path of allowed) blocked.delete(path)
        const sandbox = new Sandbox(repo.dir)
        for (const path of blocked)
          expect(sandbox.allows(path), path).toBe(false)
        for (const path of allowed)
          expect(sandbox.allows(path), path).toBe(true)
        repo.write('README.md', '# service\n')
        repo.commit('base')
        const base = repo.git('rev-parse', 'HEAD').trim()
        let n = 0
        for (const path of blocked) {
          const secret = `SECRET_TOKEN_${seed}_${n++}`
          secrets.push(secret)
          repo.write(
            path,
            `line one\nDB_PASSWORD=${secret}\n${secret}\nshared marker\n`
          )
        }
        // Allowed files use the secret's name (not its value's context) and the shared words,
        // and one changed file adds a symbol named like a secret, so context gathering greps for it.
        for (const path of allowed)
          repo.write(path, `line one\nDB_PASSWORD reference\nshared marker\n`)
        repo.write(
          'src/change.ts',
          `export function ${secrets[0]}() {\n  return 'DB_PASSWORD'\n}\n`
        )
        const head = repo.commit('tree')
        const files = (await openGitFiles(repo.dir, head))!
        const context = { files, sandbox }
        const outputs: string[] = []
        const call = async (name: string, input: unknown) =>
          outputs.push(
            (
              await executeTool(
                [readTool, grepTool, globTool],
                name,
                input,
                context
              )
            ).content
          )
        for (const pattern of ['DB_PASSWORD', 'SECRET_TOKEN', 'shared', '.'])
          for (const mode of ['content', 'files_with_matches', 'count'])
            await call('Grep', {
              pattern,
              output_mode: mode,
              '-C': 2,
              '-i': next() < 0.5,
              head_limit: 0
            })
        for (const stem of STEMS)
          await call('Grep', {
            pattern: 'DB',
            path: stem.split('/')[0],
            output_mode: 'content',
            '-C': 3
          })
        await call('Glob', { pattern: '**/*' })
        for (const path of [...blocked, ...allowed])
          await call('Read', { file_path: path })
        const plan = planReview(
          parseGitDiff(gitDiff(repo, base, head)).filter(
            (f) => f.path === 'src/change.ts'
          ),
          [],
          40_000
        )
        outputs.push((await gatherContext(plan.units[0], context, 50_000)).text)

        const seen = outputs.join('\n')
        expect(seen, `seed ${seed}`).toContain('DB_PASSWORD reference')
        for (const secret of secrets)
          expect(seen.includes(`=${secret}`), `seed ${seed}: ${secret}`).toBe(
            false
          )
        // The only secret name allowed to appear is the symbol the change itself adds.
        for (const secret of secrets.slice(1))
          expect(seen.includes(secret), `seed ${seed}: ${secret}`).toBe(false)
      } finally {
        repo.cleanup()
      }
    }
  }, 120_000)
})
