import { ConfigurationError, getErrorMessage } from '../errors.js'
import { gate } from '../findings/gate.js'
import { reviewChange } from '../pipeline/review-change.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import { findingsJson } from '../report/findings-document.js'
import { renderReview } from '../report/review-report.js'
import { toSarif } from '../report/sarif.js'
import { renderPlan } from '../plan/plan-report.js'
import { openGitFiles } from '../repository/git-files.js'
import { createModelClient, runSecrets } from '../front-end/model-access.js'
import { deadlineOf } from '../front-end/time-budget.js'
import type { FatalReason, ModelClient } from '../review/model-client.js'
import { FatalReviewError } from '../review/review-runner.js'
import { hasModelAccess, readSettings } from '../settings.js'
import type { ReviewSettings } from '../settings.js'
import { ACTION_VERSION } from '../version.js'
import { ExitCode, FLAG_NAMES, parseFlags, USAGE } from './cli-flags.js'
import type { CliFlags } from './cli-flags.js'
import { writeFile } from 'node:fs/promises'
import { readShardFiles } from '../publish/shard-files.js'
import { shardFileOf } from '../outcome/shard-file.js'
import { openLocalChange } from './local-change.js'
import type { LocalChange } from './local-change.js'
import { ProgressDisplay } from './progress-display.js'

export { ExitCode } from './cli-flags.js'

/** Where the CLI writes, and the model client (tests pass their own). */
export interface CliIo {
  /** Results: Markdown, JSON or SARIF. */
  out: (text: string) => void
  /** Progress and messages. */
  err: (text: string) => void
  /** stderr is a terminal: progress as a live status line. */
  live?: boolean
  columns?: number
  client?: (options: { apiKey: string; baseURL?: string }) => ModelClient
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text)
}

/** How to fix a refused review, in the CLI's terms. */
const CLI_FIXES: Record<FatalReason, string> = {
  authentication:
    'Check ANTHROPIC_API_KEY (with --provider bedrock or vertex: the cloud credentials).',
  permission:
    'Check that the key may use this model (--model, --verify-model).',
  model: "Check --model (or the agent's model) and --verify-model."
}

/** Runs the CLI; returns its exit code. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = defaultIo
): Promise<number> {
  try {
    const flags = parseFlags(argv)
    if (flags.help) {
      io.out(`${USAGE}\n`)
      return ExitCode.Ok
    }
    if (flags.version) {
      io.out(`architect-review ${ACTION_VERSION}\n`)
      return ExitCode.Ok
    }
    const settings = readSettings(
      (name) => flags.settings[name] ?? '',
      env,
      FLAG_NAMES
    )
    const change = await openLocalChange(flags, settings)
    const shardFiles = await mergeInput(settings)
    const review =
      !flags.plan && (hasModelAccess(settings) || shardFiles !== undefined)
    if (flags.format === 'sarif' && !review && change.files.length > 0)
      throw new ConfigurationError(
        '--format sarif needs a review: set ANTHROPIC_API_KEY (and drop --plan), or use --format json for the plan.'
      )
    const outcome = await reviewLocal(change, settings, io, {
      review: review && change.files.length > 0,
      progress: !flags.quiet,
      shardFiles
    })
    if (outcome.kind === 'shard')
      return writeShard(outcome, outcome.shard, flags, io)
    return report(outcome, change, flags, settings, io)
  } catch (error) {
    return failed(error, io)
  }
}

/** The shard files --merge-from names. */
async function mergeInput(settings: ReviewSettings) {
  return settings.mergeFrom ? readShardFiles(settings.mergeFrom) : undefined
}

/** A shard's file, on stdout or at --shard-file. */
async function writeShard(
  outcome: ReviewOutcome,
  shard: { index: number; total: number },
  flags: CliFlags,
  io: CliIo
): Promise<number> {
  const text = `${JSON.stringify(shardFileOf(outcome, shard))}\n`
  if (flags.shardFile) await writeFile(flags.shardFile, text)
  else io.out(text)
  if (!flags.quiet)
    io.err(
      `architect-review: shard ${shard.index}/${shard.total}: ${outcome.passes.length} pass(es), ${outcome.unfinished.length} not complete${flags.shardFile ? `; written to ${flags.shardFile}` : ''}. Merge the shard files with --merge-from.\n`
    )
  return ExitCode.Ok
}

/** The one pipeline on the local change; without `review` it plans only. */
async function reviewLocal(
  change: LocalChange,
  settings: ReviewSettings,
  io: CliIo,
  options: {
    review: boolean
    progress: boolean
    shardFiles?: Awaited<ReturnType<typeof readShardFiles>>
  }
): Promise<ReviewOutcome> {
  const { repo, head, base, reference } = change
  // Also when only planning: the plan reads the files' first lines.
  const repository = await openGitFiles(repo.root, head)
  if (options.review && !repository)
    throw new Error(`Cannot read commit ${head} from ${repo.root}.`)
  const display =
    options.review && options.progress
      ? new ProgressDisplay({
          write: io.err,
          live: io.live ?? false,
          columns: io.columns
        })
      : undefined
  try {
    return await reviewChange(
      {
        files: change.files,
        headSha: head,
        attributes: change.attributes,
        subject: {
          title: reference,
          body: options.review ? await repo.commitMessages(base, head) : '',
          reference
        }
      },
      {
        settings: { ...settings, incremental: false },
        agent: change.agent,
        areas: change.areas,
        model: change.model
      },
      {
        client:
          options.review && hasModelAccess(settings)
            ? modelClient(settings, io)
            : undefined,
        shard: settings.shard,
        shardFiles: options.shardFiles,
        repository,
        openBase: () => openGitFiles(repo.root, base),
        workspace: repo.root,
        deadline: deadlineOf(settings.timeBudgetMinutes),
        secrets: runSecrets(settings),
        log: (line) => display?.note(line),
        onPlan: (planned) =>
          display?.note(
            `${reference}: ${planned.plan.reviewedFiles} file(s) in ${planned.plan.units.length} unit(s) × ${change.areas.length} area(s) with ${change.model}, estimated ${planned.estimate.costUsd === undefined ? 'at an unknown price' : `≈$${planned.estimate.costUsd.toFixed(2)}`}; ${planned.plan.skipped.length} file(s) skipped.`
          ),
        onProgress: (event) => display?.event(event)
      }
    )
  } finally {
    display?.done()
  }
}

function modelClient(settings: ReviewSettings, io: CliIo): ModelClient {
  if (io.client)
    return io.client({
      apiKey: settings.anthropicApiKey,
      baseURL: settings.anthropicBaseUrl
    })
  return createModelClient(settings)
}

/** Prints the results on stdout and the gate on stderr; the exit code. */
function report(
  outcome: ReviewOutcome,
  change: LocalChange,
  flags: CliFlags,
  settings: ReviewSettings,
  io: CliIo
): number {
  const { reference } = change
  const nothing = nothingToReview(outcome, change)
  if (nothing) {
    if (flags.format === 'md')
      io.out(
        change.files.length === 0
          ? `Nothing to review: ${nothing}.\n`
          : `${planReport(outcome, reference)}\nNothing to review: ${nothing}.\n`
      )
    else {
      if (!flags.quiet)
        io.err(`architect-review: nothing to review: ${nothing}.\n`)
      io.out(
        flags.format === 'json'
          ? planJson(outcome, change.base)
          : sarifJson(outcome, settings)
      )
    }
    return ExitCode.Ok
  }
  if (outcome.kind === 'planned') {
    io.out(
      flags.format === 'json'
        ? planJson(outcome, change.base)
        : `${planReport(outcome, reference)}\n${flags.plan ? '' : NO_KEY}`
    )
    // A gate asked for cannot pass a review that did not run (--plan asks for none).
    if (settings.failOn === 'none' || flags.plan) return ExitCode.Ok
    io.err(
      `architect-review: --fail-on ${settings.failOn} cannot pass a review that did not run: set ANTHROPIC_API_KEY (or a provider's credentials) to review, or pass --plan for the plan alone.\n`
    )
    return ExitCode.Failure
  }
  const secrets = runSecrets(settings)
  if (flags.format === 'json') io.out(findingsJson(outcome, reference, secrets))
  else if (flags.format === 'sarif') io.out(sarifJson(outcome, settings))
  else
    io.out(
      `${renderReview(outcome, secrets)}\n${planReport(outcome, reference)}\n`
    )
  const verdict = gate({
    ledger: outcome.ledger,
    unfinished: outcome.unfinished,
    failOn: settings.failOn
  })
  if (verdict.failed) io.err(`architect-review: ${verdict.message}\n`)
  else if (verdict.warning) io.err(`architect-review: ${verdict.warning}\n`)
  return verdict.failed || outcome.unfinished.length > 0
    ? ExitCode.Failure
    : ExitCode.Ok
}

const NO_KEY =
  'Set ANTHROPIC_API_KEY to run the review; without it the CLI prints the plan and cost estimate.\n'

/** Why there is nothing to review, if there is nothing. */
function nothingToReview(
  outcome: ReviewOutcome,
  change: LocalChange
): string | undefined {
  if (change.files.length === 0) return `${change.reference} changes no files`
  if (outcome.planned.plan.units.length === 0)
    return 'every changed file is skipped (see the plan)'
  return undefined
}

function planReport(outcome: ReviewOutcome, reference: string): string {
  return renderPlan(
    outcome.planned.plan,
    outcome.planned.estimate,
    outcome.areas,
    {
      title: reference,
      headSha: outcome.headSha,
      unlistedFiles: 0
    }
  )
}

function planJson(outcome: ReviewOutcome, base: string): string {
  const { plan, estimate } = outcome.planned
  const document = {
    base,
    head: outcome.headSha,
    areas: outcome.areas,
    estimate,
    units: plan.units.map((unit) => ({
      id: unit.id,
      tokens: unit.tokens,
      files: unit.files.map((entry) => ({
        path: entry.file.path,
        part: entry.part,
        removal: entry.removal,
        hunks: entry.hunks.length
      }))
    })),
    skipped: plan.skipped,
    reviewedFiles: plan.reviewedFiles,
    totalFiles: plan.totalFiles
  }
  return `${JSON.stringify(document, null, 2)}\n`
}

function sarifJson(outcome: ReviewOutcome, settings: ReviewSettings): string {
  const sarif = toSarif(outcome.ledger.findings, {
    version: ACTION_VERSION,
    secrets: runSecrets(settings)
  })
  return `${JSON.stringify(sarif, null, 2)}\n`
}

/** The exit code for an error, with its message on stderr. */
function failed(error: unknown, io: CliIo): number {
  if (error instanceof ConfigurationError) {
    io.err(`architect-review: ${getErrorMessage(error)}\n`)
    return ExitCode.Usage
  }
  if (error instanceof FatalReviewError) {
    io.err(`architect-review: ${error.message} ${CLI_FIXES[error.reason]}\n`)
    return ExitCode.Failure
  }
  io.err(`architect-review failed: ${getErrorMessage(error)}\n`)
  return ExitCode.Failure
}
