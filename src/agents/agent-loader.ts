import { existsSync } from 'node:fs'
import { readdir, readFile, realpath } from 'node:fs/promises'
import {
  dirname,
  isAbsolute,
  join,
  posix,
  relative,
  resolve,
  sep
} from 'node:path'
import { fileURLToPath } from 'node:url'
import { readFrontMatter } from './front-matter.js'
import { z } from 'zod'
import { ConfigurationError, getErrorMessage } from '../errors.js'
import { INPUT_NAMES } from '../settings.js'
import type { SettingNames } from '../settings.js'
import { SEVERITIES } from '../vocabulary/severity.js'
import type { Agent, ReviewArea } from './agent.js'

export const DEFAULT_AGENT = 'backend-architect'

/** Claude Code's model aliases, mapped to today's models. */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  opus: 'claude-opus-5-5',
  sonnet: 'claude-sonnet-5-5',
  haiku: 'claude-haiku-5-5',
  fable: 'claude-fable-5-2'
}

/** Frontmatter keys we use; the rest of Claude Code's are read past. */
const KNOWN_KEYS = ['name', 'description', 'tools', 'model', 'areas']

const toolList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(','))
      .map((tool) => tool.trim())
      .filter((tool) => tool !== '')
  )

const areaSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  title: z.string().min(1),
  agentSection: z.string().optional(),
  checklist: z.array(z.string().min(1)).min(1),
  outOfScope: z.array(z.string()).default([]),
  severity: z.partialRecord(z.enum(SEVERITIES), z.string()).default({})
})

const areaList = z.union([
  z.string().transform((value) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '')
  ),
  z.array(z.union([z.string(), areaSchema]))
])

const frontmatterSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().default(''),
  tools: toolList.optional(),
  model: z.string().optional(),
  areas: areaList.optional()
})

/** What each front-matter key takes, shown when it is wrong. */
const EXPECTED_FORM: Readonly<Record<string, string>> = {
  name: "a name: 'name: payments-reviewer'",
  description: "one line of text: 'description: Reviews the payments service'",
  tools:
    "a comma-separated string or a list: 'tools: Read, Grep, Glob' (only read-only tools are granted)",
  model:
    "an alias (opus, sonnet, haiku), 'inherit', or a model id: 'model: sonnet'",
  areas:
    "bundled area ids as a list or a comma-separated string ('areas: [security, database]' or 'areas: security, database'), or areas defined inline with id, title and checklist"
}

/** Where the bundled agents/ folder is, from src/, dist/ or dist/cli/. */
export function bundledAgentsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(dir, 'agents')
    if (existsSync(join(candidate, `${DEFAULT_AGENT}.md`))) return candidate
    dir = dirname(dir)
  }
  throw new Error(
    'The bundled agents/ folder is missing from this installation of architect-review.'
  )
}

export interface AgentLocation {
  /** The `agent` input: a bundled agent's name or a path inside the repository. */
  agent: string
  /** The repository checkout, for agent paths. */
  repositoryRoot?: string
  /**
   * Reads a repository file at a commit instead of the checkout (the base
   * commit, when the PR must not choose its own reviewer); undefined when absent.
   */
  readRepositoryFile?: (path: string) => Promise<string | undefined>
  /** Names that commit in messages. */
  readFrom?: string
  /** The bundled agents folder (tests point it elsewhere). */
  bundledDir?: string
  /** How the front end names its settings in errors (default: action inputs). */
  names?: SettingNames
}

/** A bare name (`backend-architect`) names a bundled agent; anything else is a path. */
export function isBundledAgentName(agent: string): boolean {
  return /^[a-z0-9][a-z0-9-]*$/i.test(agent.trim() || DEFAULT_AGENT)
}

/**
 * Loads an agent file: a bundled agent by name, or a Markdown file inside
 * the repository (e.g. `.claude/agents/reviewer.md`).
 */
export async function loadAgent(location: AgentLocation): Promise<Agent> {
  const bundledDir = location.bundledDir ?? bundledAgentsDir()
  const requested = location.agent.trim() || DEFAULT_AGENT
  const bundledAreas = await loadBundledAreas(bundledDir)

  if (isBundledAgentName(requested)) {
    const path = join(bundledDir, `${requested}.md`)
    if (!existsSync(path)) {
      throw new ConfigurationError(
        `${(location.names ?? INPUT_NAMES).label('agent')} names no bundled agent '${requested}'. ${await otherChoices(bundledDir)}`
      )
    }
    return parseAgent(
      await readFile(path, 'utf8'),
      `agents/${requested}.md`,
      bundledAreas
    )
  }

  if (location.readRepositoryFile) {
    const path = repositoryPath(requested)
    const text = await location.readRepositoryFile(path)
    if (text === undefined) {
      throw new ConfigurationError(
        `Agent file '${requested}' does not exist at ${location.readFrom ?? 'the commit it is read from'}. ${await otherChoices(bundledDir)}`
      )
    }
    return parseAgent(text, requested, bundledAreas)
  }
  const root = location.repositoryRoot
  if (!root) {
    throw new ConfigurationError(
      `${(location.names ?? INPUT_NAMES).label('agent')} is the path '${requested}', but there is no checkout to read it from. Add actions/checkout before this step, or use a bundled agent.`
    )
  }
  const path = await insideRepository(root, requested, bundledDir)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new ConfigurationError(
      `Agent file '${requested}' cannot be read: ${getErrorMessage(error)}`
    )
  }
  return parseAgent(text, requested, bundledAreas)
}

/** What else the agent may be: the bundled agents by name, or a file of the repository. */
async function otherChoices(bundledDir: string): Promise<string> {
  const names = (await readdir(bundledDir))
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
  return `Bundled agents: ${names.join(', ')}; or give a path inside the repository such as .claude/agents/reviewer.md.`
}

/** True when `agent` names a file in the repository rather than a bundled agent. */
export function isRepositoryAgent(agent: string): boolean {
  return !/^[a-z0-9][a-z0-9-]*$/i.test(agent.trim() || DEFAULT_AGENT)
}

/** A repository-relative agent path, refusing ones that leave the repository. */
export function repositoryPath(requested: string): string {
  const path = posix
    .normalize(requested.replace(/\\/g, '/'))
    .replace(/^\.\//, '')
  if (
    isAbsolute(path) ||
    path === '..' ||
    path.startsWith('../') ||
    path.split('/').includes('.git')
  ) {
    throw new ConfigurationError(
      `Agent file '${requested}' is outside the repository; give a path inside it.`
    )
  }
  return path
}

async function insideRepository(
  root: string,
  requested: string,
  bundledDir: string
): Promise<string> {
  const realRoot = await realpath(root)
  const candidate = isAbsolute(requested)
    ? requested
    : resolve(realRoot, requested)
  let real: string
  try {
    real = await realpath(candidate)
  } catch {
    throw new ConfigurationError(
      `Agent file '${requested}' does not exist in the repository. ${await otherChoices(bundledDir)}`
    )
  }
  const rel = relative(realRoot, real)
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep)[0] === '.git') {
    throw new ConfigurationError(
      `Agent file '${requested}' is outside the repository; give a path inside it.`
    )
  }
  return real
}

/** Parses an agent file's text; `source` names it in errors. */
export function parseAgent(
  text: string,
  source: string,
  bundledAreas: ReviewArea[]
): Agent {
  const parsed = readFrontMatter(text, source)
  if (Object.keys(parsed.data).length === 0) {
    throw new ConfigurationError(
      `Agent file '${source}' has no YAML frontmatter. Start it with '---', 'name: <agent-name>', 'description: …', '---', then the system prompt.`
    )
  }
  const result = frontmatterSchema.safeParse(parsed.data)
  if (!result.success) {
    const problem = result.error.issues
      .map((issue) => {
        const key = String(issue.path[0] ?? '')
        const form = EXPECTED_FORM[key]
        const where = issue.path.join('.') || 'frontmatter'
        const detail = issue.message.replace(/^Invalid input:? ?/, '')
        if (!form) return `${where}: ${issue.message}`
        return `${where} must be ${form}${detail ? ` (${detail})` : ''}`
      })
      .join('; ')
    throw new ConfigurationError(
      `Agent file '${source}' is invalid: ${problem}.`
    )
  }
  const data = result.data
  const systemPrompt = parsed.content.trim()
  if (systemPrompt === '') {
    throw new ConfigurationError(
      `Agent file '${source}' has no system prompt after its frontmatter. Write the reviewer's instructions below the closing '---' line.`
    )
  }
  return {
    name: data.name,
    description: data.description,
    systemPrompt,
    source,
    declaredTools: data.tools,
    model: resolveModel(data.model),
    areas: resolveAreas(data.areas, bundledAreas, source),
    ignoredKeys: Object.keys(parsed.data).filter(
      (key) => !KNOWN_KEYS.includes(key)
    )
  }
}

/** An alias (`sonnet`), `inherit`, or a full model id. */
export function resolveModel(model: string | undefined): string | undefined {
  if (model === undefined) return undefined
  const value = model.trim()
  if (value === '' || value === 'inherit') return undefined
  return MODEL_ALIASES[value.toLowerCase()] ?? value
}

function resolveAreas(
  declared: Array<string | z.infer<typeof areaSchema>> | undefined,
  bundled: ReviewArea[],
  source: string
): ReviewArea[] {
  if (declared === undefined) return bundled
  return declared.map((entry) => {
    if (typeof entry !== 'string') return entry as ReviewArea
    const area = bundled.find((a) => a.id === entry)
    if (!area) {
      throw new ConfigurationError(
        `Agent file '${source}' names an unknown area '${entry}'. Bundled areas: ${bundled.map((a) => a.id).join(', ')}; or define the area inline with id, title and checklist.`
      )
    }
    return area
  })
}

let bundledAreasCache: { dir: string; areas: ReviewArea[] } | undefined

/** The bundled areas (agents/areas/*.md), validated. */
export async function loadBundledAreas(
  bundledDir: string
): Promise<ReviewArea[]> {
  if (bundledAreasCache?.dir === bundledDir) return bundledAreasCache.areas
  const dir = join(bundledDir, 'areas')
  const order = ['api', 'database', 'system', 'security', 'performance']
  const files = (await readdir(dir)).filter((f) => f.endsWith('.md'))
  const areas: ReviewArea[] = []
  for (const file of files) {
    const { data } = readFrontMatter(
      await readFile(join(dir, file), 'utf8'),
      `agents/areas/${file}`
    )
    const result = areaSchema.safeParse(data)
    if (!result.success)
      throw new Error(
        `Bundled area file agents/areas/${file} is invalid: ${result.error.message}`
      )
    areas.push(result.data as ReviewArea)
  }
  areas.sort(
    (a, b) => (order.indexOf(a.id) + 1 || 99) - (order.indexOf(b.id) + 1 || 99)
  )
  bundledAreasCache = { dir: bundledDir, areas }
  return areas
}

/**
 * The areas to review: the `areas` input's selection of the agent's areas,
 * or all of them. Unknown ids fail naming the input and what is accepted.
 */
export function selectAreas(
  agent: Agent,
  requested: readonly string[],
  names: SettingNames = INPUT_NAMES
): ReviewArea[] {
  if (requested.length === 0) return agent.areas
  return requested.map((id) => {
    const area = agent.areas.find((a) => a.id === id)
    if (!area) {
      throw new ConfigurationError(
        `${names.label('areas')} has an unknown area '${id}'. Accepted: ${agent.areas.map((a) => a.id).join(', ')}.`
      )
    }
    return area
  })
}
