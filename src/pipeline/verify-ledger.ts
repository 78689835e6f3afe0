import { NO_USAGE } from '../vocabulary/usage.js'
import { ConfigurationError } from '../errors.js'
import { applyVerdicts, awaitingVerification } from '../findings/placement.js'
import type { Ledger } from '../findings/ledger.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import type { ModelClient } from '../review/model-client.js'
import type { ReviewResult } from '../review/review-runner.js'
import type { CostCap } from '../review/cost-cap.js'
import { verifyFindings } from '../review/verify-findings.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import type { ToolContext } from '../tools/tool-context.js'
import type { PipelineDeps, PipelineSettings } from './review-change.js'

/** The deps once the pipeline knows it can review: the head, and the run's one cost cap. */
export type ReadyDeps = PipelineDeps & {
  repository: RepositoryFiles
  cap?: CostCap
}

/** The model; a merge without one may not verify (checked before the run). */
export function modelOf(deps: PipelineDeps): ModelClient {
  if (!deps.client)
    throw new ConfigurationError(
      "Verifying findings needs the model: set the Anthropic key, or verify: 'none'."
    )
  return deps.client
}

/** Verifies, once each, the new open findings of the chosen severities. */
export async function verifyLedger(
  ledger: Ledger,
  result: ReviewResult,
  settings: PipelineSettings,
  tools: ToolContext,
  deps: ReadyDeps
): Promise<{ ledger: Ledger; verification?: ReviewOutcome['verification'] }> {
  const due = awaitingVerification(ledger, settings.verify)
  if (due.length === 0) return { ledger }
  if (deps.cap && deps.cap.spent >= deps.cap.limitUsd) {
    // The cap is spent: the findings stand unverified, and say so.
    const reason = `not verified: max-cost-usd ($${settings.maxCostUsd}) was reached; kept`
    return {
      ledger: applyVerdicts(
        ledger,
        new Map(due.map((f) => [f, { verdict: 'error', reason }]))
      ),
      verification: {
        model: settings.verifyModel,
        checked: 0,
        dropped: 0,
        failed: due.length,
        usage: NO_USAGE,
        costUsd: 0
      }
    }
  }
  const client = modelOf(deps)
  deps.onProgress?.({
    kind: 'verify-started',
    findings: due.length,
    model: settings.verifyModel
  })
  const verified = await verifyFindings(due, {
    client,
    model: settings.verifyModel,
    tools,
    contextByUnit: new Map(result.context.map((c) => [c.unit, c.text])),
    concurrency: settings.concurrency,
    secrets: deps.secrets,
    log: deps.log,
    cap: deps.cap
  })
  deps.onProgress?.({
    kind: 'verify-finished',
    checked: verified.checked,
    dropped: verified.dropped,
    usage: verified.usage,
    model: settings.verifyModel
  })
  return {
    ledger: applyVerdicts(ledger, verified.verdicts),
    verification: {
      model: settings.verifyModel,
      checked: verified.checked,
      dropped: verified.dropped,
      failed: verified.failed,
      usage: verified.usage,
      costUsd: verified.costUsd
    }
  }
}

export function sumCost(
  passes: number | undefined,
  verification: ReviewOutcome['verification']
): number | undefined {
  if (!verification) return passes
  if (passes === undefined || verification.costUsd === undefined)
    return undefined
  return passes + verification.costUsd
}
