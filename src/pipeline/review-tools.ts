import { grantedTools } from '../agents/agent.js'
import type { Agent } from '../agents/agent.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import { globTool } from '../tools/glob-tool.js'
import { grepTool } from '../tools/grep-tool.js'
import { readTool } from '../tools/read-tool.js'
import type { ReviewTool } from '../tools/tool-context.js'

const TOOLS: Record<string, ReviewTool> = {
  Read: readTool,
  Grep: grepTool,
  Glob: globTool
}

/** The tools the agent may use on this view of the repository (also for answers in threads). */
export function reviewToolsOf(
  agent: Agent,
  repository: RepositoryFiles
): ReviewTool[] {
  return toolsOf(agent, repository).granted.map((name) => TOOLS[name])
}

/** The agent's read-only tools, less the searches a view without git objects cannot run. */
export function toolsOf(agent: Agent, repository: RepositoryFiles | undefined) {
  const { granted, withheld } = grantedTools(agent)
  const searches = (name: string): boolean => name === 'Grep' || name === 'Glob'
  const unavailable =
    repository && !repository.canSearch ? granted.filter(searches) : []
  return {
    granted: granted.filter((name) => !unavailable.includes(name)),
    withheld,
    unavailable
  }
}
