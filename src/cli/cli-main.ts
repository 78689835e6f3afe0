import { ConfigurationError, getErrorMessage } from '../errors.js'
import { reviewChange } from '../pipeline/review-change.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import { openGitFiles } from '../repository/git-files.js'
import { createModelClient, runSecrets } from '../front-end/model-access.js'
import { deadlineOf } from '../front-end/time-budget.js'
import type { FatalReason, ModelClient } from '../review/model-client.js'
import { FatalReviewError } from '../review/review-runner.js'
import { hasModelAccess, readSettings } from '../settings.js'
import type { ReviewSettings } from '../settings.js'
import { ACTION_VERSION } from '../version.js'
import { ExitCode, FLAG_NAMES, parseFlags, USAGE } from './cli-flags.js'
import { report } from './cli-report.js'
import type { CliFlags } from './cli-flags.js'
import { realpathSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { text } from 'node:stream/consumers'
import { agentCommand } from './agent-command.js'
import { hookCommand } from './hook-command.js'
import { benchmarkCommand } from './benchmark-command.js'
import type { HookIo } from './hook-command.js'
import { readShardFiles } from '../publish/shard-files.js'
import { shardFileOf } from '../outcome/shard-file.js'
import { openLocalChange, openRepository } from './local-change.js'
import { openLocalReviews } from './local-reviews.js'
import { renderContexts, unitContexts } from './show-context.js'
import type { EarlierLocalReview } from './local-reviews.js'
import { completeRunState } from '../outcome/next-state.js'
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
  /** Standard input, whole (a pre-push hook reads the pushed refs there). */
  stdin?: () => Promise<string>
  /** The script a hook starts again (default: this process's). */
  script?: string
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
    if (argv[0] === 'agent') return await agentCommand(argv.slice(1), env, io)
    if (argv[0] === 'hook')
      return await hookCommand(argv.slice(1), hookIo(env, io))
    if (argv[0] === 'benchmark')
      return await benchmarkCommand(argv.slice(1), env, io)
    const flags = parseFlags(argv)
    if (flags.help) {
      io.out(`${USAGE}\n`)
      return ExitCode.Ok
    }
    if (flags.version) {
      io.out(`architect-review ${ACTION_VERSION}\n`)
      return ExitCode.Ok
    }
    if (flags.forget) return await forgetReviews(flags, io)
    const settings = readSettings(
      (name) => flags.settings[name] ?? '',
      env,
      FLAG_NAMES
    )
    const change = await openLocalChange(flags, settings)
    for (const warning of change.warnings)
      io.err(`architect-review: warning: ${warning}\n`)
    if (flags.showContext) return await showContext(change, settings, flags, io)
    const shardFiles = await mergeInput(settings)
    const review =
      !flags.plan && (hasModelAccess(settings) || shardFiles !== undefined)
    if (flags.format === 'sarif' && !review && change.files.length > 0)
      throw new ConfigurationError(
        '--format sarif needs a review: set ANTHROPIC_API_KEY (and drop --plan), or use --format json for the plan.'
      )
    const remembered =
      review && !settings.shard && !shardFiles
        ? await openLocalReviews(change.repo)
        : undefined
    const outcome = await reviewLocal(change, settings, io, {
      review: review && change.files.length > 0,
      progress: !flags.quiet,
      shardFiles,
      earlier: flags.full ? undefined : await remembered?.nearest(change.head),
      full: flags.full
    })
    if (outcome.kind === 'reviewed')
      await remembered?.remember(
        completeRunState(outcome.state, outcome.ledger)
      )
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
    /** What an earlier local review of this head or an ancestor covered. */
    earlier?: EarlierLocalReview
    /** Every pass, whatever was reviewed before. */
    full: boolean
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
        ignored: change.ignored,
        layers: change.layers,
        subject: {
          title: reference,
          body: options.review ? await repo.commitMessages(base, head) : '',
          reference
        }
      },
      {
        settings: { ...settings, incremental: true },
        agent: change.agent,
        areas: change.areas,
        model: change.model
      },
      {
        client:
          options.review && hasModelAccess(settings)
            ? modelClient(settings, io)
            : undefined,
        passes: options.full ? 'all' : 'due',
        shard: settings.shard,
        shardFiles: options.shardFiles,
        earlier: options.earlier && {
          state: options.earlier.state,
          commented: new Map()
        },
        changedSince: options.earlier?.changedSince,
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

function hookIo(env: NodeJS.ProcessEnv, io: CliIo): HookIo {
  return {
    out: io.out,
    err: io.err,
    env,
    stdin: io.stdin ?? (() => text(process.stdin)),
    review: (argv) => main(argv, env, io),
    command: {
      node: process.execPath,
      script: realpathSync(io.script ?? process.argv[1])
    }
  }
}

/** --show-context: each unit's context as a review would gather it; no model. */
async function showContext(
  change: LocalChange,
  settings: ReviewSettings,
  flags: CliFlags,
  io: CliIo
): Promise<number> {
  const outcome = await reviewLocal(change, settings, io, {
    review: false,
    progress: false,
    full: false
  })
  const repository = await openGitFiles(change.repo.root, change.head)
  if (!repository)
    throw new Error(
      `Cannot read commit ${change.head} from ${change.repo.root}.`
    )
  const contexts = await unitContexts(
    outcome,
    repository,
    change.repo.root,
    settings
  )
  io.out(
    flags.format === 'json'
      ? `${JSON.stringify(contexts, null, 2)}\n`
      : renderContexts(contexts)
  )
  return ExitCode.Ok
}

/** --forget: the earlier local reviews of the repository go. */
async function forgetReviews(flags: CliFlags, io: CliIo): Promise<number> {
  const repo = await openRepository(flags.repo)
  const count = await (await openLocalReviews(repo)).forget()
  io.err(
    `architect-review: forgot ${count} earlier review(s) of ${repo.root}; the next review covers everything.\n`
  )
  return ExitCode.Ok
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
