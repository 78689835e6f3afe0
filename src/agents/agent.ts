import type { Severity } from '../vocabulary/severity.js'

/** One area an agent reviews for, read from a data file. */
export interface ReviewArea {
  /** Short id used in inputs and findings, e.g. `security`. */
  id: string
  title: string
  /** The agent's section this checklist is drawn from, when there is one. */
  agentSection?: string
  checklist: string[]
  outOfScope: string[]
  /** What each severity means in this area. */
  severity: Partial<Record<Severity, string>>
}

/** A reviewer in the Claude Code subagent format. */
export interface Agent {
  name: string
  description: string
  /** The Markdown body: the agent's system prompt. */
  systemPrompt: string
  /** Where it was read from, for messages. */
  source: string
  /** `tools` of the frontmatter; undefined when absent (all tools). */
  declaredTools?: string[]
  /** The frontmatter's model as a full id; undefined for `inherit` or absent. */
  model?: string
  areas: ReviewArea[]
  /** Frontmatter keys we read past (Claude Code features a reviewer does not use). */
  ignoredKeys: string[]
}

/** The only tools the model is ever given: they read, never write or run. */
export const READ_ONLY_TOOLS = ['Read', 'Grep', 'Glob'] as const
export type ReadOnlyToolName = (typeof READ_ONLY_TOOLS)[number]

/** The tools an agent gets (declared ∩ read-only) and those withheld from it. */
export function grantedTools(agent: Agent): {
  granted: ReadOnlyToolName[]
  withheld: string[]
} {
  if (agent.declaredTools === undefined) {
    return { granted: [...READ_ONLY_TOOLS], withheld: [] }
  }
  const granted = READ_ONLY_TOOLS.filter((tool) =>
    agent.declaredTools!.includes(tool)
  )
  const withheld = agent.declaredTools.filter(
    (tool) => !(READ_ONLY_TOOLS as readonly string[]).includes(tool)
  )
  return { granted, withheld }
}
