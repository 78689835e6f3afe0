/**
 * Structure findings through the built CLI, as a developer runs it: a
 * change that closes an import cycle and skips a declared layer gets two
 * `system` findings made without the model, in the JSON and the SARIF, and
 * the Markdown shows the dependency picture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'
import { report } from '../dev/review-script.js'
import { runBuiltCli } from './helpers/cli-runner.js'

describe('structure findings in the CLI', () => {
  let repo: GitFixture
  let anthropic: LocalAnthropic
  let env: Record<string, string>

  beforeAll(async () => {
    repo = createGitFixture()
    repo.write('.github/architect-review.yml', 'layers: [api, services, db]\n')
    repo.write(
      'src/api/orders.ts',
      "import { list } from '../services/orders.js'\nexport const route = () => list()\n"
    )
    repo.write(
      'src/services/orders.ts',
      "import { query } from '../db/pool.js'\nexport const list = () => query('x')\n"
    )
    repo.write('src/db/pool.ts', 'export const query = (sql: string) => sql\n')
    repo.git('branch', 'base-branch', repo.commit('base'))
    // The db layer now imports the api (a cycle, and a layer break upward).
    repo.write(
      'src/db/pool.ts',
      "import { route } from '../api/orders.js'\nexport const query = (sql: string) => sql\nexport const audit = () => route()\n"
    )
    repo.commit('audit')
    anthropic = new LocalAnthropic(() => ({ content: [report([])] }))
    env = {
      ANTHROPIC_API_KEY: anthropic.apiKey,
      ANTHROPIC_BASE_URL: await anthropic.start()
    }
  })
  afterAll(async () => {
    await anthropic.stop()
    repo.cleanup()
  })

  it('reports the cycle and the layer break at the import line, in JSON and SARIF; the Markdown draws the picture', async () => {
    const json = await runBuiltCli(
      ['--base', 'base-branch', '--format', 'json', '--full'],
      { cwd: repo.dir, env }
    )
    expect(json.code, json.stderr).toBe(0)
    const findings = (
      JSON.parse(json.stdout) as { findings: Array<Record<string, unknown>> }
    ).findings
    expect(
      findings.map((f) => [(f.areas as string[])[0], f.path, f.line, f.title])
    ).toEqual(
      expect.arrayContaining([
        [
          'system',
          'src/db/pool.ts',
          1,
          'Import cycle created: src/db → src/api → src/services → src/db'
        ],
        [
          'system',
          'src/db/pool.ts',
          1,
          'Layer break: db imports api, a layer above it'
        ]
      ])
    )
    const sarif = await runBuiltCli(
      ['--base', 'base-branch', '--format', 'sarif', '--full'],
      { cwd: repo.dir, env }
    )
    expect(sarif.code, sarif.stderr).toBe(0)
    expect(sarif.stdout).toContain(
      'Import cycle created: src/db → src/api → src/services → src/db'
    )
    const markdown = await runBuiltCli(['--base', 'base-branch', '--full'], {
      cwd: repo.dir,
      env
    })
    expect(markdown.stdout).toContain('### Dependencies')
    expect(markdown.stdout).toContain('```mermaid\nflowchart LR\n')
    expect(markdown.stdout).toContain('- `src/db` → `src/api` (added)')
  })
})
