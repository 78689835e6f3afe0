import { resolve } from 'node:path'
import { grantedTools } from '../agents/agent.js'
import { ConfigurationError } from '../errors.js'
import { resolveReviewer } from '../front-end/reviewer.js'
import { openGitRepository } from '../git/git-repository.js'
import { estimateTokens } from '../plan/token-estimate.js'
import { buildSystem } from '../review/prompt.js'
import { readSettings } from '../settings.js'
import { knownModelsLine, priceOf } from '../vocabulary/model-pricing.js'
import { ExitCode, FLAG_NAMES, optionValue } from './cli-flags.js'

export const AGENT_USAGE = `Usage:
  architect-review agent check <file|name> [--repo <path>] [--model <id>] [--areas <list>]

Validates an agent file (Claude Code's subagent format: YAML front matter,
then the system prompt) or a bundled agent, and prints the reviewer it
resolves to: model, areas (one pass each per review unit), the tools offered
and withheld, and the system prompt's size in tokens.`

/** `architect-review agent …`; its exit code. */
export async function agentCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: { out: (text: string) => void }
): Promise<number> {
  const [verb, target, ...rest] = argv
  if (verb !== 'check' || !target || target.startsWith('-'))
    throw new ConfigurationError(
      `${verb === 'check' ? 'agent check needs a file or a bundled agent name' : `Unknown agent command '${verb ?? ''}'`}.\n${AGENT_USAGE}`
    )
  const option = (flag: string): string | undefined => optionValue(rest, flag)
  const settings = readSettings(
    (name) =>
      ({ agent: target, model: option('--model'), areas: option('--areas') })[
        name
      ] ?? '',
    env,
    FLAG_NAMES
  )
  const dir = resolve(option('--repo') ?? '.')
  const root = await openGitRepository(dir).then(
    (repo) => repo.root,
    () => dir
  )
  const reviewer = await resolveReviewer(settings, {
    repositoryRoot: root,
    names: FLAG_NAMES
  })
  io.out(`${describeReviewer(reviewer, settings.maxTurns)}\n`)
  return ExitCode.Ok
}

function describeReviewer(
  reviewer: Awaited<ReturnType<typeof resolveReviewer>>,
  maxTurns: number
): string {
  const { agent, areas, model } = reviewer
  const tools = grantedTools(agent)
  const system = buildSystem(agent.systemPrompt, {
    maxTurns,
    tools: tools.granted,
    instructions: ''
  })
  const promptTokens = system.reduce((n, b) => n + estimateTokens(b.text), 0)
  const modelSource = agent.model
    ? "from the agent's front matter"
    : 'the default'
  const lines = [
    `Agent '${agent.name}' (${agent.source}): valid.`,
    `- Model: ${model} (${modelSource})${priceOf(model) ? '' : ` — no known price, so no cost estimate or max-cost-usd. ${knownModelsLine()}`}`,
    `- Areas: ${areas.map((a) => `${a.id} (${a.title})`).join(', ')} → ${areas.length} pass(es) per review unit`,
    `- Tools offered: ${tools.granted.join(', ') || 'none'}${tools.withheld.length > 0 ? `; withheld (not read-only): ${tools.withheld.join(', ')}` : ''}`,
    `- System prompt: ≈${promptTokens.toLocaleString('en-US')} tokens (the agent's text ≈${estimateTokens(agent.systemPrompt).toLocaleString('en-US')}, the rest the review protocol)`
  ]
  if (agent.ignoredKeys.length > 0)
    lines.push(
      `- Front-matter keys read past (Claude Code features a reviewer does not use): ${agent.ignoredKeys.join(', ')}`
    )
  return lines.join('\n')
}
