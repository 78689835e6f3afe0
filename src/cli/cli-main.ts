import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  DEFAULT_AGENT,
  loadAgent,
  selectAreas
} from '../agents/agent-loader.js'
import { GitAttributes } from '../diff/git-attributes.js'
import { parseGitDiff } from '../diff/git-diff-parser.js'
import { ConfigurationError, getErrorMessage } from '../errors.js'
import { gate } from '../findings/gate.js'
import { reviewChange } from '../pipeline/review-change.js'
import type { ReviewOutcome } from '../pipeline/review-change.js'
import { findingsJson } from '../report/findings-document.js'
import { renderReview } from '../report/review-report.js'
import { openGitRepository } from '../git/git-repository.js'
import { renderPlan } from '../plan/plan-report.js'
import { openGitFiles } from '../repository/git-files.js'
import { CLIENT_POLICY, createAnthropicClient } from '../review/model-client.js'
import type { ModelClient } from '../review/model-client.js'
import { FatalReviewError } from '../review/review-runner.js'
import { DEFAULT_MODEL, readSettings } from '../settings.js'
import type { ReviewSettings } from '../settings.js'

/** Exit codes of the CLI. */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const

const USAGE = `Usage: architect-review [options]

Reviews the local change <base>...<head> like the GitHub Action reviews a PR.
With ANTHROPIC_API_KEY set it runs the review; without it (or with --plan)
it prints the review plan and its cost estimate.

Options:
  --base <ref>             compare from the merge-base with <ref>
                           (default: the default branch: origin/HEAD, main, master)
  --head <ref>             the change's tip (default: HEAD)
  --repo <path>            the repository (default: the current directory)
  --plan                   print the plan and cost estimate only
  --format <md|json>       output format (default: md)
  --agent <name|path>      reviewer: a bundled agent or a file in the repo
                           (default: backend-architect)
  --areas <list>           api,database,system,security,performance
  --model <id>             Claude model (default: the agent's, else claude-sonnet-5-5)
  --effort <level>         low, medium, high, xhigh or max
  --instructions <text>    team guidance added to the review protocol
  --include <globs>        review only matching files (comma-separated)
  --exclude <globs>        skip matching files (comma-separated)
  --blocked-paths <globs>  files the model may never read, added to the defaults
  --max-files <n>          review at most n files (default: 300)
  --max-diff-tokens <n>    diff tokens per review unit (default: 40000)
  --max-turns <n>          model turns per area pass (default: 8)
  --concurrency <n>        area passes at once (default: 5)
  --fail-on <severity>     exit 1 when an open finding is at or above it
                           (critical, high, medium, low; default: none)
  --min-severity <s>       report findings at or above it (default: info)
  --min-confidence <0..1>  report findings at least this sure (default: 0.5)
  --verify <severities>    findings a second call checks (default: critical,high)
  --verify-model <id>      the model that checks them (default: claude-haiku-5-5)
  --max-context-tokens <n> repository context gathered per unit (default: 12000)
  --anthropic-base-url <url>  Messages API root (default: ANTHROPIC_BASE_URL or Anthropic's)
  --provider <name>        anthropic (default), bedrock or vertex
  --aws-region <region>    Bedrock region (default: AWS_REGION)
  --vertex-region <region> Vertex region (default: CLOUD_ML_REGION)
  --vertex-project-id <id> Vertex project (default: ANTHROPIC_VERTEX_PROJECT_ID)
  -h, --help               show this help

Exit codes: 0 reviewed, every pass complete, the gate passed;
1 a pass did not complete, --fail-on tripped, or the API refused the review;
2 usage or configuration error.`

/** Flags that carry action inputs, by input name. */
const SETTING_FLAGS = [
  'include',
  'exclude',
  'areas',
  'model',
  'agent',
  'effort',
  'instructions',
  'blocked-paths',
  'max-files',
  'max-diff-tokens',
  'max-turns',
  'concurrency',
  'anthropic-base-url',
  'provider',
  'aws-region',
  'vertex-region',
  'vertex-project-id',
  'max-context-tokens',
  'verify',
  'verify-model',
  'fail-on',
  'min-severity',
  'min-confidence'
] as const

/** Where the CLI writes, and the model client (tests pass their own). */
export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
  client?: (options: { apiKey: string; baseURL?: string }) => ModelClient
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text)
}

/** Runs the CLI; returns its exit code. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = defaultIo
): Promise<number> {
  const { out, err } = io
  try {
    const flags = parseFlags(argv)
    if (flags.help) {
      out(`${USAGE}\n`)
      return ExitCode.Ok
    }
    const format = (flags.format as string | undefined) ?? 'md'
    if (format !== 'md' && format !== 'json')
      throw new ConfigurationError(
        `--format must be md or json, got '${format}'.`
      )
    const settings = readSettings((name) => {
      const value = flags[name]
      return typeof value === 'string' ? value : ''
    }, env)
    const change = await openLocalChange(flags, settings)
    const canReview =
      settings.provider !== 'anthropic' || settings.anthropicApiKey !== ''
    const outcome = await reviewLocal(
      change,
      settings,
      io,
      !flags.plan && canReview
    )
    const plan = outcome.planned.plan
    if (!outcome.reviewed || plan.units.length === 0) {
      if (format === 'json')
        out(`${JSON.stringify(planJson(outcome, change.base), null, 2)}\n`)
      else {
        out(`${planReport(outcome, change.reference)}\n`)
        if (!flags.plan && !canReview)
          out(
            'Set ANTHROPIC_API_KEY to run the review; without it the CLI prints the plan and cost estimate.\n'
          )
      }
      return ExitCode.Ok
    }
    const secrets = [settings.anthropicApiKey].filter((s) => s !== '')
    if (format === 'json') out(findingsJson(outcome, change.reference, secrets))
    else
      out(
        `${renderReview(outcome, secrets)}\n${planReport(outcome, change.reference)}\n`
      )
    const verdict = gate({
      ledger: outcome.ledger,
      unfinished: outcome.unfinished,
      failOn: settings.failOn
    })
    if (verdict.failed) err(`architect-review: ${verdict.message}\n`)
    else if (verdict.warning) err(`architect-review: ${verdict.warning}\n`)
    return verdict.failed || outcome.unfinished.length > 0
      ? ExitCode.Failure
      : ExitCode.Ok
  } catch (error) {
    if (error instanceof ConfigurationError || isArgumentError(error)) {
      err(`architect-review: ${getErrorMessage(error)}\n`)
      return ExitCode.Usage
    }
    if (error instanceof FatalReviewError) {
      err(`architect-review: ${error.message}\n`)
      return ExitCode.Failure
    }
    err(`architect-review failed: ${getErrorMessage(error)}\n`)
    return ExitCode.Failure
  }
}

type Flags = Record<string, string | boolean | undefined>

function parseFlags(argv: string[]): Flags {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      repo: { type: 'string' },
      plan: { type: 'boolean' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(
        SETTING_FLAGS.map((flag) => [flag, { type: 'string' as const }])
      )
    }
  })
  return values as Flags
}

/** The local change <base>...<head>: its diff, .gitattributes and the reviewer. */
async function openLocalChange(flags: Flags, settings: ReviewSettings) {
  const repo = await openGitRepository(
    resolve((flags.repo as string | undefined) ?? '.')
  )
  const headRef = (flags.head as string | undefined) ?? 'HEAD'
  const head = await repo.resolve(headRef)
  const baseRef =
    (flags.base as string | undefined) ?? (await repo.defaultBase())
  const base = await repo.mergeBase(await repo.resolve(baseRef), head)
  const agent = await loadAgent({
    agent: settings.agent || DEFAULT_AGENT,
    repositoryRoot: repo.root
  })
  return {
    repo,
    head,
    base,
    reference: `${baseRef}...${headRef}`,
    files: parseGitDiff(await repo.diff(base, head)),
    attributes: new GitAttributes(
      (await repo.show(head, '.gitattributes')) ?? ''
    ),
    agent,
    areas: selectAreas(agent, settings.areas),
    model: settings.model ?? agent.model ?? DEFAULT_MODEL
  }
}

/** The one pipeline on the local change; without `review` it plans only. */
async function reviewLocal(
  change: Awaited<ReturnType<typeof openLocalChange>>,
  settings: ReviewSettings,
  io: CliIo,
  review: boolean
): Promise<ReviewOutcome> {
  const { repo, head, base, reference } = change
  const repository = review ? await openGitFiles(repo.root, head) : undefined
  if (review && !repository)
    throw new Error(`Cannot read commit ${head} from ${repo.root}.`)
  const makeClient =
    io.client ??
    ((options: { apiKey: string; baseURL?: string }) =>
      createAnthropicClient({
        ...options,
        provider: settings.provider,
        awsRegion: settings.awsRegion,
        vertexRegion: settings.vertexRegion,
        vertexProjectId: settings.vertexProjectId,
        ...CLIENT_POLICY
      }))
  return reviewChange(
    {
      files: change.files,
      headSha: head,
      attributes: change.attributes,
      subject: {
        title: reference,
        body: review ? await repo.commitMessages(base, head) : '',
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
      client: review
        ? makeClient({
            apiKey: settings.anthropicApiKey,
            baseURL: settings.anthropicBaseUrl
          })
        : undefined,
      repository,
      workspace: repo.root,
      secrets: [settings.anthropicApiKey].filter((s) => s !== ''),
      log: (line) => io.err(`${line}\n`)
    }
  )
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

function planJson(outcome: ReviewOutcome, base: string) {
  const { plan, estimate } = outcome.planned
  return {
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
        hunks: entry.hunks.length
      }))
    })),
    skipped: plan.skipped,
    reviewedFiles: plan.reviewedFiles,
    totalFiles: plan.totalFiles
  }
}

function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}
