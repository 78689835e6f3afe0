import { grantedTools } from '../agents/agent.js'
import type { Agent, ReviewArea } from '../agents/agent.js'
import type { ReviewPlan } from '../plan/review-plan.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import { globTool } from '../tools/glob-tool.js'
import { grepTool } from '../tools/grep-tool.js'
import { readTool } from '../tools/read-tool.js'
import { Sandbox } from '../tools/sandbox.js'
import type { ReviewTool } from '../tools/tool-context.js'
import type { ModelClient } from './model-client.js'
import type { PromptSubject } from './prompt.js'
import { runReview } from './review-runner.js'
import type { ReviewResult } from './review-runner.js'
import type { Severity } from '../agents/agent.js'
import { addUsage } from './usage.js'
import type { TokenUsage } from './usage.js'
import { verifyFindings } from './verify-findings.js'

const TOOLS: Record<string, ReviewTool> = {
  Read: readTool,
  Grep: grepTool,
  Glob: globTool
}

export interface ReviewChangeOptions {
  plan: ReviewPlan
  /** The units to review (default: all of the plan's). */
  units?: ReviewPlan['units']
  agent: Agent
  areas: ReviewArea[]
  model: string
  subject: PromptSubject
  files: RepositoryFiles
  /** The checkout, so absolute paths inside it are accepted by the tools. */
  workspace?: string
  blockedPaths: readonly string[]
  maxTurns: number
  concurrency: number
  effort?: string
  instructions: string
  client: ModelClient
  caching?: boolean
  /** Epoch ms after which no new pass starts. */
  deadline?: number
  /** Tokens of gathered context per unit (0: none). */
  contextTokens?: number
  /** The run's secrets, redacted from what verification shows the model. */
  secrets?: readonly string[]
  /** Severities a second call verifies (none: no verification), and with which model. */
  verify?: { severities: Severity[]; model: string }
  log?: (message: string) => void
}

/** A review's result with what the agent was and was not given. */
export interface ChangeReview extends ReviewResult {
  agent: string
  grantedTools: string[]
  withheldTools: string[]
  /** Where the tools read files from. */
  filesOrigin: string
  /** What verification checked and dropped (its usage and cost are in the totals). */
  verification?: {
    model: string
    checked: number
    dropped: number
    usage: TokenUsage
    costUsd?: number
  }
}

/** Reviews a planned change with an agent's read-only tools, then verifies the findings it is asked to. */
export async function reviewChange(
  options: ReviewChangeOptions
): Promise<ChangeReview> {
  const { granted, withheld } = grantedTools(options.agent)
  const toolContext = {
    files: options.files,
    sandbox: new Sandbox(options.workspace, options.blockedPaths)
  }
  const result = await runReview({
    plan: options.plan,
    units: options.units,
    areas: options.areas,
    agentPrompt: options.agent.systemPrompt,
    subject: options.subject,
    model: options.model,
    maxTurns: options.maxTurns,
    concurrency: options.concurrency,
    effort: options.effort,
    instructions: options.instructions,
    tools: granted.map((name) => TOOLS[name]),
    toolContext,
    client: options.client,
    caching: options.caching,
    deadline: options.deadline,
    contextTokens: options.contextTokens,
    log: options.log
  })
  const review: ChangeReview = {
    ...result,
    agent: options.agent.name,
    grantedTools: granted,
    withheldTools: withheld,
    filesOrigin: options.files.origin
  }
  const severities = options.verify?.severities ?? []
  const toCheck = result.findings.some(
    (f) => f.status === 'valid' && severities.includes(f.severity)
  )
  if (!options.verify || !toCheck) return review
  const verified = await verifyFindings(result.findings, {
    client: options.client,
    model: options.verify.model,
    severities,
    tools: toolContext,
    contextByUnit: new Map(result.context.map((c) => [c.unit, c.text])),
    concurrency: options.concurrency,
    secrets: options.secrets,
    log: options.log
  })
  return {
    ...review,
    findings: verified.findings,
    usage: addUsage(result.usage, verified.usage),
    costUsd:
      result.costUsd === undefined || verified.costUsd === undefined
        ? undefined
        : result.costUsd + verified.costUsd,
    verification: {
      model: options.verify.model,
      checked: verified.checked,
      dropped: verified.dropped,
      usage: verified.usage,
      costUsd: verified.costUsd
    }
  }
}
