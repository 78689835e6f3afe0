import { gate } from '../findings/gate.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import { findingsJson } from '../report/findings-document.js'
import { renderReview } from '../report/review-report.js'
import { toSarif } from '../report/sarif.js'
import { renderPlan } from '../plan/plan-report.js'
import { runSecrets } from '../front-end/model-access.js'
import type { ReviewSettings } from '../settings.js'
import { ACTION_VERSION } from '../version.js'
import { ExitCode } from './cli-flags.js'
import type { CliFlags } from './cli-flags.js'
import type { LocalChange } from './local-change.js'

/** Where the report goes: results on `out`, the gate and notes on `err`. */
export interface ReportIo {
  out: (text: string) => void
  err: (text: string) => void
}

/** Prints the results on stdout and the gate on stderr; the exit code. */
export function report(
  outcome: ReviewOutcome,
  change: LocalChange,
  flags: CliFlags,
  settings: ReviewSettings,
  io: ReportIo
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
      `${planReport(outcome, reference)}\n${renderReview(outcome, secrets, { local: true })}\n`
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
