import type { ReviewArea } from '../agents/agent.js'
import type { ValidationContext } from '../findings/finding-validation.js'
import type { ReviewFinding } from '../findings/finding.js'
import type { ReviewPlan, ReviewUnit } from '../plan/review-plan.js'
import type {
  ReviewTool,
  ToolContext,
  ToolOutcome
} from '../tools/tool-context.js'
import { executeTool } from './tool-runner.js'
import { contextsInParallel } from './unit-contexts.js'
import type { CostCap } from './cost-cap.js'
import { preflight } from './pass-admission.js'
import { Limiter } from './limiter.js'
import { fatalModelError } from './model-client.js'
import type {
  FatalReason,
  MessageRequest,
  ModelClient
} from './model-client.js'
import {
  buildAreaInstructions,
  buildSystem,
  buildUnitPrefix,
  otherFilesOf
} from './prompt.js'
import type { PromptSubject } from './prompt.js'
import { reportToolDefinition } from './report-tool.js'
import { PassError, runPass } from './review-pass.js'
import type { PassResult } from './review-pass.js'
import { addUsage, costOf, NO_USAGE } from '../vocabulary/usage.js'
import type { TokenUsage } from '../vocabulary/usage.js'
import type {
  ProgressListener,
  ReviewProgress
} from '../vocabulary/progress.js'

/** Output tokens allowed per turn (streamed, so above the SDK's non-streaming guard). */
export const MAX_OUTPUT_TOKENS = 32_000

export interface ReviewJob {
  plan: ReviewPlan
  /** The passes to make: units with their due areas (default: every unit, every area). */
  work?: ReadonlyArray<{ unit: ReviewUnit; areas: readonly ReviewArea[] }>
  /** Every area of the review (the report tool accepts these). */
  areas: ReviewArea[]
  agentPrompt: string
  subject: PromptSubject
  model: string
  maxTurns: number
  concurrency: number
  effort?: string
  instructions: string
  /** The read-only tools granted to the agent. */
  tools: ReviewTool[]
  toolContext: ToolContext
  client: ModelClient
  /** Cache breakpoints on (default); off only to measure what caching saves. */
  caching?: boolean
  /** Epoch ms after which no new pass starts and running passes stop after their turn. */
  deadline?: number
  /** Tokens of gathered context per unit (0: none). */
  contextTokens?: number
  /** The run's `max-cost-usd`, shared with verification; undefined: no cap. */
  cap?: CostCap
  log?: (message: string) => void
  /** Told as context is gathered and each pass starts and ends. */
  onProgress?: ProgressListener
}

export interface ReviewResult {
  model: string
  passes: PassResult[]
  findings: ReviewFinding[]
  usage: TokenUsage
  costUsd?: number
  turns: number
  toolCalls: number
  /** Every pass completed. */
  complete: boolean
  /** What was gathered for each unit before its passes. */
  context: Array<{
    unit: string
    tokens: number
    included: string[]
    omitted: string[]
    /** The gathered text, for verification (not written to outputs). */
    text: string
  }>
}

/** Thrown when the model API refuses the whole review (bad key, unknown model). */
export class FatalReviewError extends Error {
  override name = 'FatalReviewError'
  constructor(
    message: string,
    readonly reason: FatalReason
  ) {
    super(message)
  }
}

/**
 * Reviews every unit for every area. Passes run under `concurrency`; a
 * unit's first pass warms the prompt cache, and its siblings start as soon
 * as that pass's response begins, ahead of other units' first passes.
 */
export async function runReview(job: ReviewJob): Promise<ReviewResult> {
  const runner = passRunner(job, sharedRequest(job))
  const running: Array<Promise<PassResult>> = []
  const context: ReviewResult['context'] = []
  const work =
    job.work ?? job.plan.units.map((unit) => ({ unit, areas: job.areas }))
  const contexts = contextsInParallel(job, work)
  for (const [index, { unit, areas }] of work.entries()) {
    const { tokens, included, omitted, text } = await contexts(index)
    context.push({ unit: unit.id, tokens, included, omitted, text })
    job.onProgress?.({
      kind: 'context',
      unit: unit.id,
      tokens,
      included: included.length,
      omitted: omitted.length
    })
    if (omitted.length > 0)
      job.log?.(
        `${unit.id}: context left out for lack of room: ${omitted.join('; ')}`
      )
    const prefix = buildUnitPrefix(
      job.subject,
      unit,
      otherFilesOf(unit, job.plan.units, job.plan.skipped),
      text
    )
    running.push(...runner.schedule(unit, prefix, areas))
  }
  const passes = await Promise.all(running)
  const fatal = runner.fatal()
  if (fatal) throw new FatalReviewError(fatal.message, fatal.reason)
  const usage = passes.reduce(
    (sum, pass) => addUsage(sum, pass.usage),
    NO_USAGE
  )
  return {
    model: job.model,
    passes,
    findings: passes.flatMap((pass) => pass.findings),
    usage,
    costUsd: costOf(usage, job.model),
    turns: passes.reduce((sum, pass) => sum + pass.turns, 0),
    toolCalls: passes.reduce((sum, pass) => sum + pass.toolCalls, 0),
    complete: passes.every((pass) => pass.status === 'complete'),
    context
  }
}

/** What every pass of a review sends alike: the system prompt, the tools, how findings are checked. */
function sharedRequest(job: ReviewJob) {
  const areaIds = job.areas.map((a) => a.id) as [string, ...string[]]
  const effort = job.effort && takesEffort(job.model) ? job.effort : undefined
  if (job.effort && !effort)
    job.log?.(
      `effort '${job.effort}' is not sent: ${job.model} does not take output_config.effort`
    )
  const tools: MessageRequest['tools'] = [
    ...job.tools.map(({ name, description, input_schema }) => ({
      name,
      description,
      input_schema
    })),
    reportToolDefinition(areaIds)
  ]
  return {
    areaIds,
    effort,
    tools,
    system: buildSystem(job.agentPrompt, {
      maxTurns: job.maxTurns,
      tools: job.tools.map((t) => t.name),
      instructions: job.instructions
    }),
    validation: { areaIds, paths: pathsOf(job.plan) } as ValidationContext
  }
}

/**
 * Runs passes under `concurrency`. A unit's first pass warms the prompt
 * cache, and its siblings start as soon as that pass's response begins,
 * ahead of other units' first passes. A fatal API error stops every pass.
 */
function passRunner(job: ReviewJob, shared: ReturnType<typeof sharedRequest>) {
  const limiter = new Limiter(job.concurrency)
  const abort = new AbortController()
  let fatal: { reason: FatalReason; message: string } | undefined
  const runTool = (name: string, input: unknown): Promise<ToolOutcome> =>
    executeTool(job.tools, name, input, job.toolContext)

  const attempt = async (
    unit: ReviewUnit,
    prefix: string,
    area: ReviewArea,
    onStart?: () => void
  ): Promise<PassResult> => {
    const warm = onStart === undefined
    const ready = await preflight(
      job,
      { unit, area, prefix, warm },
      () => fatal
    )
    if ('status' in ready) return ready
    const { hold } = ready
    let completed = false
    try {
      job.onProgress?.({ kind: 'pass-started', unit: unit.id, area: area.id })
      const result = await runPass({
        unit,
        area,
        request: passRequest(job, shared, prefix, area),
        maxTurns: job.maxTurns,
        deadline: job.deadline,
        cost: hold,
        validation: shared.validation,
        client: job.client,
        runTool,
        onStart,
        signal: abort.signal
      })
      completed = result.status === 'complete'
      return result
    } catch (error) {
      if (!(error instanceof PassError)) throw error
      const refused = fatalModelError(error.error)
      if (refused) error.result.stop = 'fatal'
      if (refused && !fatal) {
        fatal = refused
        abort.abort()
      }
      return error.result
    } finally {
      hold?.release(completed)
    }
  }

  // Every pass is reported finished, however it ended (not run included).
  const pass = (...args: Parameters<typeof attempt>): Promise<PassResult> =>
    attempt(...args).then((result) => {
      job.onProgress?.(finished(result, job.model))
      return result
    })

  return {
    fatal: () => fatal,
    /** A unit's passes: the first at once, its siblings on the first's first byte. */
    schedule(
      unit: ReviewUnit,
      prefix: string,
      areas: readonly ReviewArea[]
    ): Array<Promise<PassResult>> {
      let warmed!: () => void
      const warm = new Promise<void>((resolve) => (warmed = resolve))
      const [first, ...siblings] = areas
      return [
        limiter.run(() => pass(unit, prefix, first, warmed)).finally(warmed),
        ...siblings.map((area) =>
          warm.then(() => limiter.run(() => pass(unit, prefix, area), true))
        )
      ]
    }
  }
}

/** One pass's request: the shared prefix and this area's instructions. */
function passRequest(
  job: ReviewJob,
  shared: ReturnType<typeof sharedRequest>,
  prefix: string,
  area: ReviewArea
) {
  return {
    model: job.model,
    system: shared.system,
    tools: shared.tools,
    prefix,
    areaText: buildAreaInstructions(area, shared.areaIds),
    maxTokens: MAX_OUTPUT_TOKENS,
    effort: shared.effort,
    caching: job.caching ?? true
  }
}

function finished(result: PassResult, model: string): ReviewProgress {
  return {
    kind: 'pass-finished',
    unit: result.unit,
    area: result.area,
    status: result.status,
    findings: result.findings.length,
    turns: result.turns,
    usage: result.usage,
    model,
    reason: result.reason
  }
}

/** Head paths of every reviewed file, plus renamed files' old names mapped to their new ones. */
function pathsOf(plan: ReviewPlan): Map<string, string> {
  const paths = new Map<string, string>()
  for (const unit of plan.units) {
    for (const { file } of unit.files) {
      paths.set(file.path, file.path)
      if (file.previousPath && !paths.has(file.previousPath))
        paths.set(file.previousPath, file.path)
    }
  }
  return paths
}

/** output_config.effort exists on the Claude 5 generation (api-facts.md B2). */
export function takesEffort(model: string): boolean {
  return /^claude-(opus|sonnet|haiku|fable|mythos)-5(\b|-)/.test(model)
}
