/**
 * The run's findings made final, in one ledger: this run's reports with
 * what earlier runs left, those found without the model, verification and
 * placement, then the walkthrough written over them.
 */
import { buildLedger } from '../findings/ledger.js'
import type { Ledger, LedgerInput } from '../findings/ledger.js'
import {
  keyMaterialFindings,
  verifiedByContent
} from '../findings/key-material.js'
import { placeFindings } from '../findings/placement.js'
import type { PlannedChange } from '../plan/plan-change.js'
import type { ReviewResult } from '../review/review-runner.js'
import type { ToolContext } from '../tools/tool-context.js'
import type { readyDeps } from './ready-deps.js'
import type {
  ChangeToReview,
  EarlierReview,
  PipelineDeps,
  PipelineSettings,
  ReviewerConfig
} from './review-change.js'
import { structureStep } from './structure-step.js'
import { verifyLedger } from './verify-ledger.js'
import { walkthroughStep } from './walkthrough-step.js'

/** This run's reports merged with what earlier runs left: the one ledger. */
export function ledgerOf(
  change: ChangeToReview,
  settings: Pick<PipelineSettings, 'minSeverity' | 'minConfidence'>,
  earlier: EarlierReview | undefined,
  reported: ReviewResult['findings'],
  passes: LedgerInput['passes']
): Ledger {
  // Key material is judged by its content: never by the model, never verified.
  const ledger = buildLedger({
    reported,
    files: change.files,
    headSha: change.headSha,
    passes,
    earlier: earlier?.state?.findings ?? [],
    dismissed: earlier?.state?.dismissed ?? [],
    ignored: change.ignored,
    commented: earlier?.commented ?? new Map(),
    minSeverity: settings.minSeverity,
    minConfidence: settings.minConfidence
  })
  return verifiedByContent(ledger)
}

/**
 * The findings made final: the passes' with those found without the model
 * (key material, structure) in one ledger, verified, placed; then the
 * walkthrough, written once the findings are known. A shard leaves the
 * structure, verification and walkthrough to the merge.
 */
export async function settle(
  change: ChangeToReview,
  config: ReviewerConfig,
  deps: PipelineDeps,
  run: {
    planned: PlannedChange
    result: Parameters<typeof verifyLedger>[1] & {
      findings: ReviewResult['findings']
    }
    passes: LedgerInput['passes']
  },
  env: { tools: ToolContext; ready: ReturnType<typeof readyDeps> }
) {
  const { settings } = config
  const structure = deps.shard
    ? { findings: [] }
    : await structureStep(change, env.tools, deps.openBase)
  const reported = ledgerOf(
    change,
    settings,
    deps.earlier,
    [
      ...keyMaterialFindings(run.planned.plan.skipped),
      ...structure.findings,
      ...run.result.findings
    ],
    run.passes
  )
  const verified = deps.shard
    ? { ledger: reported, verification: undefined }
    : await verifyLedger(reported, run.result, settings, env.tools, env.ready)
  const ledger = placeFindings(verified.ledger, settings.maxComments)
  // A change no pass reviewed gets no walkthrough: nothing is said of it that was not read.
  const reviewed = run.result.passes.some((p) => p.status === 'complete')
  const walkthrough =
    deps.shard || !reviewed
      ? undefined
      : await walkthroughStep(change, settings, ledger, env.ready)
  return { ledger, verification: verified.verification, structure, walkthrough }
}
