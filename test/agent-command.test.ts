/** Tests for src/cli/agent-command.ts: `architect-review agent check`, through the built CLI. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createGitFixture } from '../dev/git-fixture.js'
import { runBuiltCli } from './helpers/cli-runner.js'

describe('architect-review agent check', () => {
  const repo = createGitFixture()
  repo.write(
    '.claude/agents/payments.md',
    '---\nname: payments-reviewer\ndescription: Reviews the payments service\nareas: security, database\ntools: Read, Grep, Bash\nmodel: sonnet\ncolor: red\n---\nYou review the payments service: money moves once, and every call is idempotent.\n'
  )
  repo.write('.claude/agents/open.md', '---\nname: open\nareas: security\n')
  repo.write(
    '.claude/agents/areas-number.md',
    '---\nname: numbers\nareas: 5\n---\nReview.\n'
  )
  repo.commit('agents')
  afterAll(() => repo.cleanup())
  const check = (target: string) =>
    runBuiltCli(['agent', 'check', target], { cwd: repo.dir })

  it('prints the reviewer the bundled agent resolves to', async () => {
    const result = await check('backend-architect')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(
      /^Agent 'backend-architect' \(agents\/backend-architect\.md\): valid\.\n- Model: claude-sonnet-5-5 \(the default\)\n- Areas: api \(API design\), database \(Database\), system \(System architecture\), security \(Security\), performance \(Performance\) → 5 pass\(es\) per review unit\n- Tools offered: Read, Grep; withheld \(not read-only\): Write, MultiEdit, Bash\n- System prompt: ≈[\d,]+ tokens/
    )
  })

  it('takes areas as a comma-separated string, and names the tools withheld and the keys read past', async () => {
    const result = await check('.claude/agents/payments.md')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(
      "Agent 'payments-reviewer' (.claude/agents/payments.md): valid."
    )
    expect(result.stdout).toContain(
      "- Model: claude-sonnet-5-5 (from the agent's front matter)"
    )
    expect(result.stdout).toContain(
      '- Areas: security (Security), database (Database) → 2 pass(es) per review unit'
    )
    expect(result.stdout).toContain(
      '- Tools offered: Read, Grep; withheld (not read-only): Bash'
    )
    expect(result.stdout).toContain(
      '- Front-matter keys read past (Claude Code features a reviewer does not use): color'
    )
  })

  it('the README’s example agent is valid as written', async () => {
    const readme = readFileSync(
      resolve(import.meta.dirname, '../README.md'),
      'utf8'
    )
    const section = readme.slice(readme.indexOf('## Writing an agent'))
    const example = /```markdown\n([\s\S]*?)```/.exec(section)![1]
    repo.write('.claude/agents/readme-example.md', example)
    const result = await check('.claude/agents/readme-example.md')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(
      '- Areas: security (Security), database (Database), api (API design) → 3 pass(es) per review unit'
    )
  })

  it.each([
    [
      '.claude/agents/open.md',
      "architect-review: Agent file '.claude/agents/open.md': front matter not closed. Add a line '---' after its last key, then the system prompt.\n"
    ],
    [
      '.claude/agents/areas-number.md',
      "architect-review: Agent file '.claude/agents/areas-number.md' is invalid: areas must be bundled area ids as a list or a comma-separated string ('areas: [security, database]' or 'areas: security, database'), or areas defined inline with id, title and checklist.\n"
    ],
    [
      '.claude/agents/backend-reviewer.md',
      "architect-review: Agent file '.claude/agents/backend-reviewer.md' does not exist in the repository. Bundled agents: backend-architect; or give a path inside the repository such as .claude/agents/reviewer.md.\n"
    ]
  ])(
    '%s: exit 2 with the problem and the expected form',
    async (file, message) => {
      const result = await check(file)
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toBe(message)
    }
  )
})
