import * as core from '@actions/core'
import type { Severity } from './vocabulary/severity.js'
import {
  Inputs,
  areaList,
  baseUrl,
  booleanInput,
  commandInput,
  dollars,
  effortInput,
  fraction,
  globList,
  nonNegativeInteger,
  optionalPositiveInteger,
  pacing,
  positiveInteger,
  positiveNumber,
  providerInput,
  severityInput,
  shardSettings,
  verifyInput
} from './setting-inputs.js'

/** Where Claude is reached. */
export const PROVIDERS = ['anthropic', 'bedrock', 'vertex'] as const
export type Provider = (typeof PROVIDERS)[number]

export const DEFAULT_MODEL = 'claude-sonnet-5-5'

/** What starts a command in a PR comment unless `command` says otherwise. */
export const DEFAULT_COMMAND = '/architect-review'

/** Values of `effort` (output_config.effort). */
export const EFFORT_LEVELS = ['low', 'medium', 'high', 'xhigh', 'max'] as const
export type Effort = (typeof EFFORT_LEVELS)[number]

/** Everything the action and the CLI are told, parsed and validated once. */
export interface ReviewSettings {
  /** Token for the GitHub REST API (`github-token`); empty in the CLI. */
  githubToken: string
  /** The PR to review when the event carries none (`pr-number`). */
  prNumber?: number
  /** Review only files matching one of these globs (`include`; empty: all). */
  include: string[]
  /** Never review files matching these globs (`exclude`). */
  exclude: string[]
  /** Review at most this many files; the rest are listed as skipped (`max-files`). */
  maxFiles: number
  /** Estimated diff tokens per review unit (`max-diff-tokens`). */
  maxDiffTokens: number
  /** Review draft PRs too (`review-drafts`). */
  reviewDrafts: boolean
  /** Plan and review, but write nothing to GitHub (`dry-run`). */
  dryRun: boolean
  /** Area ids to review (`areas`); empty: all of the agent's areas. */
  areas: string[]
  /** The Claude model id (`model`); undefined: the agent's model, else DEFAULT_MODEL. */
  model?: string
  /** The reviewer: a bundled agent's name or a path in the repository (`agent`). */
  agent: string
  /** Team guidance appended to the review protocol (`instructions`). */
  instructions: string
  /** Where Claude is reached (`provider`): anthropic, bedrock or vertex. */
  provider: Provider
  /** Bedrock region (`aws-region`; else AWS_REGION). */
  awsRegion?: string
  /** Vertex region (`vertex-region`; else CLOUD_ML_REGION). */
  vertexRegion?: string
  /** Vertex project (`vertex-project-id`; else ANTHROPIC_VERTEX_PROJECT_ID). */
  vertexProjectId?: string
  /** Anthropic API key (`anthropic-api-key`, else ANTHROPIC_API_KEY); '' when absent. */
  anthropicApiKey: string
  /**
   * Seals the run state in the summary comment (`state-secret`; else the
   * Anthropic API key). Without either, no earlier state is trusted and
   * every run reviews the whole pull request.
   */
  stateSecret: string
  /** Messages API root (`anthropic-base-url`, else ANTHROPIC_BASE_URL). */
  anthropicBaseUrl?: string
  /** output_config.effort (`effort`); undefined: the model's default. */
  effort?: Effort
  /** Model turns per area pass (`max-turns`). */
  maxTurns: number
  /** Area passes running at once (`concurrency`). */
  concurrency: number
  /** Minutes the step may take, for jobs with `timeout-minutes` (`time-budget`); undefined: no limit. */
  timeBudgetMinutes?: number
  /** US dollars of model use after which no new pass starts (`max-cost-usd`); undefined: no cap. */
  maxCostUsd?: number
  /**
   * Scale of the waits between requests (`request-pacing`): 1 follows
   * GitHub's and Anthropic's guidance; lower only where those limits do not
   * apply (a GitHub Enterprise Server without rate limiting, local servers).
   */
  requestPacing: number
  /** Severities whose findings a second call verifies (`verify`; empty: none). */
  verify: Severity[]
  /** The model that verifies findings (`verify-model`). */
  verifyModel: string
  /** Tokens of context gathered per unit before the passes; 0 turns it off (`max-context-tokens`). */
  maxContextTokens: number
  /** Globs of files the tools never show, added to the defaults (`blocked-paths`). */
  blockedPaths: string[]
  /** Findings below this severity stay in the outputs only (`min-severity`). */
  minSeverity: Severity
  /** Findings below this confidence stay in the outputs only (`min-confidence`). */
  minConfidence: number
  /** Inline comments per run at most; the rest go to the summary (`max-comments`). */
  maxComments: number
  /** Review again only the units touched since the last reviewed head (`incremental`). */
  incremental: boolean
  /** Fail the step when a finding is at or above this severity (`fail-on`). */
  failOn: Severity | 'none'
  /** This run is shard `index` of `total` (`shard: i/n`): it runs its share and publishes nothing. */
  shard?: { index: number; total: number }
  /** Passes one shard job takes at most; sizes the shard matrix (`passes-per-shard`). */
  passesPerShard: number
  /** Shard files to merge and publish (`merge-from`: a folder or a glob). */
  mergeFrom?: string
  /** The word that starts a command in a PR comment (`command`), e.g. `/architect-review`. */
  command: string
  /** Answer replies in the threads of our inline comments (`answer-replies`). */
  answerReplies: boolean
  /** Write a walkthrough at the top of the summary, once per reviewed head (`walkthrough`). */
  walkthrough: boolean
}

/** Whether the model can be called: a key for Anthropic's API, or a cloud provider's own credentials. */
export function hasModelAccess(
  settings: Pick<ReviewSettings, 'provider' | 'anthropicApiKey'>
): boolean {
  return settings.provider !== 'anthropic' || settings.anthropicApiKey !== ''
}

/** GitHub runs at most 256 jobs of one matrix. */
export const MAX_SHARDS = 256

/** Reads one input by its action.yml name; '' when unset. */
export type InputReader = (name: string) => string

/**
 * How a front end names its settings in error messages: the action speaks
 * of inputs (`Input 'max-files'`, `max-files: 300`), the CLI of flags
 * (`--max-files`, `--max-files 300`).
 */
export interface SettingNames {
  /** The setting as the user wrote it. */
  label(input: string): string
  /** How to give the setting this value. */
  example(input: string, value: string): string
}

/** The action's names: inputs of action.yml. */
export const INPUT_NAMES: SettingNames = {
  label: (input) => `Input '${input}'`,
  example: (input, value) => `${input}: ${value}`
}

const DEFAULTS = {
  maxFiles: 300,
  maxDiffTokens: 40_000,
  maxTurns: 8,
  concurrency: 5,
  minConfidence: 0.5,
  maxContextTokens: 12_000,
  maxComments: 25
}

/** GitHub lists at most 3,000 files of a pull request. */
const MAX_FILES_LIMIT = 3_000

/**
 * Turns inputs into settings. The action passes `core.getInput`; the CLI
 * passes its flags under the same names, so both fail the same way.
 * `env` supplies the Anthropic variables when the inputs leave them empty.
 */
export function readSettings(
  reader: InputReader = actionInput,
  env: NodeJS.ProcessEnv = process.env,
  names: SettingNames = INPUT_NAMES
): ReviewSettings {
  const inputs = new Inputs(reader, names)
  const read = (input: string): string => inputs.read(input)
  const settings: ReviewSettings = {
    githubToken: read('github-token').trim(),
    prNumber: optionalPositiveInteger(inputs, 'pr-number', '123'),
    include: globList(inputs, 'include'),
    exclude: globList(inputs, 'exclude'),
    maxFiles: positiveInteger(
      inputs,
      'max-files',
      DEFAULTS.maxFiles,
      MAX_FILES_LIMIT
    ),
    maxDiffTokens: positiveInteger(
      inputs,
      'max-diff-tokens',
      DEFAULTS.maxDiffTokens
    ),
    reviewDrafts: booleanInput(inputs, 'review-drafts', false),
    dryRun: booleanInput(inputs, 'dry-run', false),
    areas: areaList(inputs),
    model: read('model').trim() || undefined,
    agent: read('agent').trim(),
    instructions: read('instructions').trim(),
    provider: providerInput(inputs),
    awsRegion: read('aws-region').trim() || undefined,
    vertexRegion: read('vertex-region').trim() || undefined,
    vertexProjectId: read('vertex-project-id').trim() || undefined,
    anthropicApiKey:
      read('anthropic-api-key').trim() || env.ANTHROPIC_API_KEY?.trim() || '',
    stateSecret: read('state-secret').trim(),
    anthropicBaseUrl: baseUrl(
      inputs,
      read('anthropic-base-url').trim() || env.ANTHROPIC_BASE_URL?.trim()
    ),
    effort: effortInput(inputs),
    maxTurns: positiveInteger(inputs, 'max-turns', DEFAULTS.maxTurns, 50),
    concurrency: positiveInteger(
      inputs,
      'concurrency',
      DEFAULTS.concurrency,
      20
    ),
    timeBudgetMinutes: positiveNumber(inputs, 'time-budget'),
    maxCostUsd: dollars(inputs, 'max-cost-usd'),
    requestPacing: pacing(inputs),
    verify: verifyInput(inputs),
    verifyModel: read('verify-model').trim() || 'claude-haiku-5-5',
    maxContextTokens: nonNegativeInteger(
      inputs,
      'max-context-tokens',
      DEFAULTS.maxContextTokens
    ),
    blockedPaths: globList(inputs, 'blocked-paths'),
    minSeverity: severityInput(inputs, 'min-severity', 'info') as Severity,
    minConfidence: fraction(inputs, 'min-confidence', DEFAULTS.minConfidence),
    maxComments: nonNegativeInteger(
      inputs,
      'max-comments',
      DEFAULTS.maxComments
    ),
    incremental: booleanInput(inputs, 'incremental', true),
    failOn: severityInput(inputs, 'fail-on', 'none', true),
    command: commandInput(inputs),
    answerReplies: booleanInput(inputs, 'answer-replies', true),
    walkthrough: booleanInput(inputs, 'walkthrough', true),
    ...shardSettings(inputs)
  }
  checkTogether(settings, inputs)
  return settings
}

/** Rules between settings, checked once every setting is read. */
function checkTogether(settings: ReviewSettings, inputs: Inputs): void {
  if (settings.maxDiffTokens < 1_000) {
    inputs.fail(
      'max-diff-tokens',
      `is ${settings.maxDiffTokens}, too small to hold a file's diff; use at least 1000 (default ${DEFAULTS.maxDiffTokens})`,
      String(DEFAULTS.maxDiffTokens)
    )
  }
  if (settings.mergeFrom && !hasModelAccess(settings) && settings.verify.length)
    inputs.fail(
      'merge-from',
      `verifies the shards' findings with the model: give an Anthropic API key, or set ${inputs.example('verify', 'none')}`
    )
}

function actionInput(name: string): string {
  return core.getInput(name)
}
