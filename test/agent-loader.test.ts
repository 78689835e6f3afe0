/** Tests for src/agents/agent-loader.ts and src/agents/agent.ts. */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { grantedTools } from '../src/agents/agent.js'
import {
  bundledAgentsDir,
  loadAgent,
  loadBundledAreas,
  parseAgent,
  resolveModel,
  selectAreas
} from '../src/agents/agent-loader.js'
import { ConfigurationError } from '../src/errors.js'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'

/** SHA-256 of ../shared/agents/backend-architect.md as the user gave it. */
const USER_AGENT_SHA256 =
  'f114f4194173a596a8676dcaf441ec4bb18904474ebf4cf00cc8a53a4b86d708'

describe('the bundled backend-architect agent', () => {
  it('is the user definition, verbatim', () => {
    const shipped = readFileSync(
      resolve(import.meta.dirname, '../agents/backend-architect.md')
    )
    // The user's file lives in ../shared beside the checkout; its digest is recorded for clones without it.
    const original = resolve(
      import.meta.dirname,
      '../../shared/agents/backend-architect.md'
    )
    const expected = existsSync(original)
      ? createHash('sha256').update(readFileSync(original)).digest('hex')
      : USER_AGENT_SHA256
    expect(createHash('sha256').update(shipped).digest('hex')).toBe(expected)
    expect(expected).toBe(USER_AGENT_SHA256)
  })

  it('loads by default with its five areas, and only its read-only tools are granted', async () => {
    const agent = await loadAgent({ agent: '' })
    expect(agent.name).toBe('backend-architect')
    expect(agent.systemPrompt).toMatch(/^You are a master backend architect/)
    expect(agent.areas.map((a) => a.id)).toEqual([
      'api',
      'database',
      'system',
      'security',
      'performance'
    ])
    expect(agent.ignoredKeys).toEqual(['color'])
    expect(grantedTools(agent)).toEqual({
      granted: ['Read', 'Grep'],
      withheld: ['Write', 'MultiEdit', 'Bash']
    })
  })

  it('draws each area checklist from an agent section', async () => {
    const agent = await loadAgent({ agent: 'backend-architect' })
    for (const area of agent.areas) {
      expect(agent.systemPrompt).toContain(area.agentSection)
      expect(area.checklist.length).toBeGreaterThanOrEqual(5)
      expect(Object.keys(area.severity)).toEqual([
        'critical',
        'high',
        'medium',
        'low',
        'info'
      ])
    }
  })
})

describe('agents as people write them', () => {
  let areas: Awaited<ReturnType<typeof loadBundledAreas>>
  beforeAll(async () => {
    areas = await loadBundledAreas(bundledAgentsDir())
  })

  it('reads tools as a YAML list, a model alias and custom areas', () => {
    const agent = parseAgent(
      [
        '---',
        'name: api-reviewer',
        'description: Reviews APIs',
        'tools:',
        '  - Read',
        '  - Glob',
        '  - Edit',
        'model: opus',
        'permissionMode: plan',
        'areas:',
        '  - security',
        '  - id: graphql',
        '    title: GraphQL',
        '    checklist: [Resolvers batch loads]',
        '---',
        'You review GraphQL APIs.'
      ].join('\n'),
      '.claude/agents/api-reviewer.md',
      areas
    )
    expect(agent.declaredTools).toEqual(['Read', 'Glob', 'Edit'])
    expect(grantedTools(agent)).toEqual({
      granted: ['Read', 'Glob'],
      withheld: ['Edit']
    })
    expect(agent.model).toBe('claude-opus-5-5')
    expect(agent.ignoredKeys).toEqual(['permissionMode'])
    expect(agent.areas.map((a) => a.id)).toEqual(['security', 'graphql'])
    expect(agent.areas[1]).toMatchObject({
      title: 'GraphQL',
      checklist: ['Resolvers batch loads'],
      outOfScope: []
    })
  })

  it('grants every read-only tool when tools is absent', () => {
    const agent = parseAgent(
      '---\nname: x\ndescription: y\n---\nBody',
      'x.md',
      areas
    )
    expect(grantedTools(agent)).toEqual({
      granted: ['Read', 'Grep', 'Glob'],
      withheld: []
    })
  })

  it.each([
    ['sonnet', 'claude-sonnet-5-5'],
    ['haiku', 'claude-haiku-5-5'],
    ['inherit', undefined],
    ['claude-opus-4-5-20251101', 'claude-opus-4-5-20251101'],
    [undefined, undefined]
  ])('resolves model %s to %s', (model, expected) => {
    expect(resolveModel(model)).toBe(expected)
  })

  it.each([
    [
      '---\nname: [unclosed\n---\nBody',
      /'bad.md' has malformed YAML frontmatter/
    ],
    ['Just a prompt, no frontmatter.', /'bad.md' has no YAML frontmatter/],
    ['---\ndescription: no name\n---\nBody', /'bad.md' is invalid: name/],
    ['---\nname: x\n---\n', /'bad.md' has no system prompt/],
    [
      '---\nname: x\nareas: [frontend]\n---\nBody',
      /'bad.md' names an unknown area 'frontend'/
    ]
  ])('names the file and the problem for %j', (text, message) => {
    expect(() => parseAgent(text, 'bad.md', areas)).toThrow(ConfigurationError)
    expect(() => parseAgent(text, 'bad.md', areas)).toThrow(message)
  })

  it.each(['js', 'javascript', ' JavaScript ', 'coffee', 'json', 'toml'])(
    'never evaluates ---%s front matter: a configuration error names the file',
    (language) => {
      const canary = join(
        tmpdir(),
        `architect-review-canary-${process.pid}-${language.trim()}`
      )
      const text = [
        `---${language}`,
        `{ name: (function () { require('fs').writeFileSync(${JSON.stringify(canary)}, 'ran'); return 'evil' })(), description: 'x' }`,
        '---',
        'Review.'
      ].join('\n')
      expect(() => parseAgent(text, '.claude/agents/evil.md', areas)).toThrow(
        `Agent file '.claude/agents/evil.md' declares '---${language.trim().toLowerCase()}' front matter; only YAML front matter is read`
      )
      expect(existsSync(canary)).toBe(false)
    }
  )

  it('selects areas by the areas input and rejects unknown ones listing the accepted', async () => {
    const agent = await loadAgent({ agent: 'backend-architect' })
    expect(selectAreas(agent, ['security', 'api']).map((a) => a.id)).toEqual([
      'security',
      'api'
    ])
    expect(selectAreas(agent, [])).toHaveLength(5)
    expect(() => selectAreas(agent, ['frontend'])).toThrow(
      "Input 'areas' has an unknown area 'frontend'. Accepted: api, database, system, security, performance."
    )
  })
})

describe('agents from the repository', () => {
  let repo: GitFixture
  beforeAll(() => {
    repo = createGitFixture()
    repo.write(
      '.claude/agents/reviewer.md',
      '---\nname: reviewer\ndescription: Team reviewer\ntools: Read, Grep, Bash\n---\nReview carefully.\n'
    )
  })
  afterAll(() => repo.cleanup())

  it('loads a path inside the repository', async () => {
    const agent = await loadAgent({
      agent: '.claude/agents/reviewer.md',
      repositoryRoot: repo.dir
    })
    expect(agent).toMatchObject({
      name: 'reviewer',
      systemPrompt: 'Review carefully.',
      declaredTools: ['Read', 'Grep', 'Bash']
    })
  })

  it.each([
    [
      '.claude/agents/missing.md',
      /'.claude\/agents\/missing.md' does not exist/
    ],
    ['../../etc/passwd', /outside the repository/],
    [
      'no-such-agent',
      /Input 'agent' names no bundled agent 'no-such-agent'. Bundled agents: backend-architect/
    ]
  ])('refuses %s clearly', async (path, message) => {
    await expect(
      loadAgent({ agent: path, repositoryRoot: repo.dir })
    ).rejects.toThrow(message)
  })

  it('asks for a checkout when an agent path is given without one', async () => {
    await expect(
      loadAgent({ agent: '.claude/agents/reviewer.md' })
    ).rejects.toThrow(/there is no checkout/)
  })
})
