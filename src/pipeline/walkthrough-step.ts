import { openFindings } from '../findings/ledger.js'
import type { Ledger } from '../findings/ledger.js'
import type { RunStateCoverage } from '../outcome/next-state.js'
import type { OutcomeWalkthrough } from '../outcome/review-outcome.js'
import type { CostCap } from '../review/cost-cap.js'
import type { ModelClient } from '../review/model-client.js'
import type { PromptSubject } from '../review/prompt.js'
import { writeWalkthrough } from '../review/walkthrough.js'
import type { Walkthrough } from '../review/walkthrough.js'
import type { ChangedFile } from '../diff/types.js'
import { addUsage, NO_USAGE } from '../vocabulary/usage.js'
import type { TokenUsage } from '../vocabulary/usage.js'

/** This head's walkthrough, when the setting asks for one and there is a model: written once, after the findings are final. */
export async function walkthroughStep(
  change: {
    files: readonly ChangedFile[]
    headSha: string
    subject: PromptSubject
  },
  settings: { walkthrough: boolean; verifyModel: string },
  ledger: Ledger,
  model: { client?: ModelClient; cap?: CostCap }
): Promise<(Walkthrough & { head: string }) | undefined> {
  if (!settings.walkthrough || !model.client) return undefined
  const written = await writeWalkthrough(
    model.client,
    model.cap,
    settings.verifyModel,
    {
      subject: change.subject,
      files: change.files,
      findings: openFindings(ledger)
    }
  )
  return { ...written, head: change.headSha }
}

/**
 * The run's usage, cost and state with the walkthrough's: its cost is
 * shown with the rest, its text kept in the state for a run that writes
 * none; without a new one, the one kept is shown.
 */
export function withWalkthrough<
  T extends { usage: TokenUsage; costUsd?: number; state: RunStateCoverage }
>(
  common: T,
  walkthrough: (Walkthrough & { head: string }) | undefined
): T & { walkthrough?: OutcomeWalkthrough } {
  // None written this run (nothing was due, or it failed): the last one the state kept is shown.
  const kept = common.state.walkthrough
  if (!walkthrough) return { ...common, walkthrough: kept }
  return {
    ...common,
    usage: addUsage(common.usage, walkthrough.usage ?? NO_USAGE),
    costUsd:
      common.costUsd === undefined || walkthrough.costUsd === undefined
        ? common.costUsd
        : common.costUsd + walkthrough.costUsd,
    state: walkthrough.text
      ? {
          ...common.state,
          walkthrough: { head: walkthrough.head, text: walkthrough.text }
        }
      : common.state,
    walkthrough: {
      ...(walkthrough.text || !kept
        ? { head: walkthrough.head, text: walkthrough.text }
        : kept),
      missing: walkthrough.missing,
      costUsd: walkthrough.costUsd
    }
  }
}
