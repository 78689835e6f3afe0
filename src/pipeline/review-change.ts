import type { Agent, ReviewArea } from '../agents/agent.js'
import { withWalkthrough } from './walkthrough-step.js'
import { ledgerOf, settle } from './settle-findings.js'
import type { GitAttributes } from '../diff/git-attributes.js'
import type { ChangedFile } from '../diff/types.js'
import { placeFindings } from '../findings/placement.js'
import type { LedgerInput } from '../findings/ledger.js'
import type { RunState } from '../findings/run-state.js'
import type { RunStateCoverage } from '../outcome/next-state.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import { planChange } from '../plan/plan-change.js'
import type { PlannedChange } from '../plan/plan-change.js'
import { readBaseHeads, readFileHeads } from '../repository/file-heads.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import type { ModelClient } from '../review/model-client.js'
import type { PromptSubject } from '../review/prompt.js'
import { runReview } from '../review/review-runner.js'
import type { ReviewResult } from '../review/review-runner.js'
import type { ProgressListener } from '../vocabulary/progress.js'
import { mergeShards } from '../outcome/shard-file.js'
import type { IgnoreList } from '../findings/ignore-list.js'
import type { ShardFile } from '../outcome/shard-file.js'
import { shardCountOf, shardPlanOf, shardScope } from './sharding.js'
import type { ReviewSettings } from '../settings.js'
import { Sandbox } from '../tools/sandbox.js'
import type { ToolContext } from '../tools/tool-context.js'
import { addUsage, NO_USAGE } from '../vocabulary/usage.js'
import { nextRunState } from '../outcome/next-state.js'
import { confirmModels, readyDeps } from './ready-deps.js'
import { mergedScope, planOnly, withPaths } from './outcome-parts.js'
import { reviewToolsOf, toolsOf } from './review-tools.js'
import { modelOf, sumCost } from './verify-ledger.js'
import type { ReadyDeps } from './verify-ledger.js'
import { reviewScope } from './review-scope.js'
import type { ReviewScope } from './review-scope.js'

/** The settings the pipeline reads. */
export type PipelineSettings = Pick<
  ReviewSettings,
  | 'walkthrough'
  | 'include'
  | 'exclude'
  | 'maxFiles'
  | 'maxDiffTokens'
  | 'blockedPaths'
  | 'maxTurns'
  | 'concurrency'
  | 'effort'
  | 'instructions'
  | 'maxContextTokens'
  | 'verify'
  | 'verifyModel'
  | 'minSeverity'
  | 'minConfidence'
  | 'maxComments'
  | 'incremental'
  | 'passesPerShard'
  | 'maxCostUsd'
  | 'failOn'
>

/** The change under review. */
export interface ChangeToReview {
  /** Every changed file (anchoring needs them all, reviewed or not). */
  files: readonly ChangedFile[]
  headSha: string
  subject: PromptSubject
  attributes?: GitAttributes
  /** Findings `.github/architect-review.yml` accepts: never posted or gated. */
  ignored?: IgnoreList
  /** Layers declared in `.github/architect-review.yml`, top first. */
  layers?: readonly string[]
}

/** What earlier runs left: a verified run state and our inline comments. */
export interface EarlierReview {
  state?: RunState
  /** Inline comments of ours by the fingerprint they carry. */
  commented: ReadonlyMap<string, number>
}

/** The outside world, passed in so tests hand in local servers or fakes. */
export interface PipelineDeps {
  /** The model; without it the pipeline plans and stops. */
  client?: ModelClient
  /** The repository at the head, for the tools and context. */
  repository?: RepositoryFiles
  /** Opens the repository at the base, when it can be read: whose generated markers are the repository's own. Called only when a changed file's head carries one. */
  openBase?: () => Promise<RepositoryFiles | undefined>
  /** The checkout, so absolute paths inside it are accepted by the tools. */
  workspace?: string
  earlier?: EarlierReview
  /** Files changed between an earlier head and this one (incremental runs). */
  changedSince?(head: string): Promise<readonly string[] | undefined>
  /**
   * Which passes run: those `due` at this head (incremental, the default),
   * `all` of them whatever earlier runs covered, or `none`: the last
   * review's findings restated (after a dismissal or a pause), without the
   * model or the repository.
   */
  passes?: 'due' | 'all' | 'none'
  /** Epoch ms after which no new pass starts. */
  deadline?: number
  /** Cache breakpoints on (default); off only to measure what caching saves. */
  caching?: boolean
  /** The run's secrets: redacted from what verification shows the model. */
  secrets: readonly string[]
  log?(line: string): void
  /** Told the plan before any pass starts. */
  onPlan?(planned: PlannedChange): void
  /** Told the scope, each unit's context, each pass started and ended, and verification. */
  onProgress?: ProgressListener
  /** Run only this shard's share of the due passes (`shard: i/n`). */
  shard?: { index: number; total: number }
  /** Make no passes: merge these shard files' passes instead (`merge-from`). */
  shardFiles?: ReadonlyArray<{ source: string; file: ShardFile }>
}

/**
 * Reviews a change: plan → scope → context and passes → ledger (validate,
 * anchor, deduplicate, merge with earlier findings, filter) → verify the
 * new findings that survive → place → the next run state.
 */
export async function reviewChange(
  change: ChangeToReview,
  config: ReviewerConfig,
  given: PipelineDeps
): Promise<ReviewOutcome> {
  const { settings } = config
  const deps = withBaseOnce(given)
  const planned = await planOf(change, config, deps)
  deps.onPlan?.(planned)
  const base = outcomeBase(change, config, planned, deps)
  if (deps.passes === 'none') return restate(change, config, base, deps)
  // A merge makes no passes: it needs the model only to verify.
  if ((!deps.client && !deps.shardFiles) || !deps.repository)
    return planOnly(base)
  const ready = readyDeps(deps, deps.repository, config)

  const due = await dueScope(change, config, planned, deps)
  const scope = deps.shard ? shardScope(due, base.shards, deps.shard) : due
  if (!deps.shardFiles)
    deps.onProgress?.({
      kind: 'scope',
      passes: scope.passCount,
      description: scope.description
    })
  const tools: ToolContext = {
    files: ready.repository,
    sandbox: new Sandbox(deps.workspace, settings.blockedPaths)
  }
  const merged =
    deps.shardFiles &&
    mergeShards(deps.shardFiles, { head: change.headSha, ...base.shards })
  if (!merged && scope.passCount > 0) await confirmModels(deps.client, config)
  const result =
    merged ?? (await runPasses(change, config, planned, scope, tools, ready))
  if (merged) ready.cap?.charge(merged.costUsd ?? 0) // the shards' spending
  const passes = withPaths(result.passes, planned)
  const { ledger, verification, structure, walkthrough } = await settle(
    change,
    config,
    deps,
    { planned, result, passes },
    { tools, ready }
  )
  const common = withWalkthrough(
    {
      ...base,
      filesOrigin: ready.repository.origin,
      scope: deps.shardFiles
        ? mergedScope(result.passes.length, deps.shardFiles.length, base.shards)
        : { description: scope.description, passCount: scope.passCount },
      passes: result.passes,
      unfinished: result.passes.filter((p) => p.status !== 'complete'),
      ledger,
      usage: addUsage(result.usage, verification?.usage ?? NO_USAGE),
      costUsd: sumCost(result.costUsd, verification),
      turns: result.turns,
      toolCalls: result.toolCalls,
      verification,
      context: result.context,
      structure: structure.view,
      state: stateAfter(change, deps.earlier, passes)
    },
    walkthrough
  )
  if (merged)
    return {
      ...common,
      kind: 'merged',
      merged: {
        delivered: deps.shardFiles?.length ?? 0,
        missing: merged.missing
      }
    }
  if (deps.shard) return { ...common, kind: 'shard', shard: deps.shard }
  return { ...common, kind: 'reviewed' }
}

/** The plan, from the files' starts at the head (and at the base, for whose marker one is). */
async function planOf(
  change: ChangeToReview,
  config: ReviewerConfig,
  deps: PipelineDeps
): Promise<PlannedChange> {
  const heads = await readFileHeads(change.files, deps.repository)
  return planChange(
    change.files,
    config.settings,
    { areaCount: config.areas.length, model: config.model },
    change.attributes,
    heads,
    await readBaseHeads(change.files, heads, deps.openBase)
  )
}

/** The base opened once, however many stages read it (the plan's generated markers, the structure). */
function withBaseOnce(deps: PipelineDeps): PipelineDeps {
  const open = deps.openBase
  if (!open) return deps
  let base: ReturnType<typeof open> | undefined
  return { ...deps, openBase: () => (base ??= open()) }
}

/** The run state for the next run, less its findings (taken from the ledger when sealed). */
function stateAfter(
  change: ChangeToReview,
  earlier: EarlierReview | undefined,
  passes: LedgerInput['passes']
): RunStateCoverage {
  return nextRunState({
    previous: earlier?.state,
    headSha: change.headSha,
    passes,
    currentPaths: new Set(change.files.map((f) => f.path))
  })
}

/**
 * The earlier findings as one ledger again, with the state's dismissals
 * applied: no pass runs, so no coverage changes and nothing is verified.
 */
function restate(
  change: ChangeToReview,
  config: ReviewerConfig,
  base: ReturnType<typeof outcomeBase>,
  deps: PipelineDeps
): ReviewOutcome {
  const previous = deps.earlier?.state
  const ledger = placeFindings(
    ledgerOf(change, config.settings, deps.earlier, [], []),
    config.settings.maxComments
  )
  return {
    ...planOnly(base),
    kind: 'restated',
    // A state with no coverage (a pause before any review) has reviewed nothing.
    restated: {
      lastReview: previous?.coverage.length ? previous.head : undefined
    },
    scope: { description: 'no passes: the last review restated', passCount: 0 },
    ledger,
    costUsd: 0,
    state: stateAfter(change, deps.earlier, []),
    // The last walkthrough written, kept in the state.
    walkthrough: previous?.walkthrough
  }
}

/** The passes due at this head. */
async function dueScope(
  change: ChangeToReview,
  config: ReviewerConfig,
  planned: PlannedChange,
  deps: PipelineDeps
): Promise<ReviewScope> {
  const scope = await reviewScope(
    planned.plan.units,
    config.areas,
    deps.earlier?.state,
    {
      mode:
        config.settings.incremental && deps.passes !== 'all'
          ? 'incremental'
          : 'full',
      headSha: change.headSha,
      changedSince: deps.changedSince ?? (async () => undefined)
    }
  )
  return scope
}

/** The reviewer: who reviews, for which areas, with which model and settings. */
export interface ReviewerConfig {
  settings: PipelineSettings
  agent: Agent
  areas: ReviewArea[]
  model: string
}

/** What every outcome says, reviewed or not. */
function outcomeBase(
  change: ChangeToReview,
  config: ReviewerConfig,
  planned: PlannedChange,
  deps: Pick<PipelineDeps, 'repository' | 'shard' | 'shardFiles'>
) {
  const { repository } = deps
  // A shard or a merge splits by its jobs' n; a plan run sizes n for the matrix.
  const shardCount =
    deps.shard?.total ?? (deps.shardFiles && shardCountOf(deps.shardFiles))
  const { granted, withheld, unavailable } = toolsOf(config.agent, repository)
  const areas = config.areas.map((a) => a.id)
  return {
    headSha: change.headSha,
    planned,
    agent: config.agent.name,
    model: config.model,
    areas,
    grantedTools: granted,
    withheldTools: withheld,
    unavailableTools: unavailable,
    shards: shardPlanOf(
      planned,
      { areas, model: config.model, agent: config.agent.name },
      config.settings.passesPerShard,
      shardCount
    )
  }
}

/** The due passes, each with its unit's context, through the review engine. */
function runPasses(
  change: ChangeToReview,
  config: ReviewerConfig,
  planned: PlannedChange,
  scope: ReviewScope,
  tools: ToolContext,
  deps: ReadyDeps
): Promise<ReviewResult> {
  const { settings } = config
  return runReview({
    plan: planned.plan,
    work: scope.work,
    areas: config.areas,
    agentPrompt: config.agent.systemPrompt,
    subject: change.subject,
    model: config.model,
    maxTurns: settings.maxTurns,
    concurrency: settings.concurrency,
    effort: settings.effort,
    instructions: settings.instructions,
    tools: reviewToolsOf(config.agent, deps.repository),
    toolContext: tools,
    client: modelOf(deps),
    caching: deps.caching,
    deadline: deps.deadline,
    cap: deps.cap,
    contextTokens: settings.maxContextTokens,
    log: deps.log,
    onProgress: deps.onProgress
  })
}
