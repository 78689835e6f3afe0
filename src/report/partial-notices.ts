import type { ReviewedOutcome } from '../outcome/review-outcome.js'
import type { ReviewSettings } from '../settings.js'
import { code } from '../text/markdown.js'
import { describeCostNeed, totalCostNeed } from '../vocabulary/pass.js'
import type { PassOutcome } from '../vocabulary/pass.js'

/** What the notices name of the settings. */
type NoticeSettings = Pick<
  ReviewSettings,
  'command' | 'timeBudgetMinutes' | 'maxCostUsd'
>

/** Sentences that say why a review is partial, read from the passes' typed stop causes. */
export function partialNotices(
  outcome: ReviewedOutcome,
  settings: NoticeSettings
): string[] {
  const notices: string[] = []
  const paused = outcome.state.paused
  if (paused)
    notices.push(
      `Automatic reviews are paused (by ${code(paused.by)} on ${paused.at.slice(0, 10)}): pushes are not reviewed until someone with write access comments ${code(`${settings.command} resume`)}.`
    )
  const folded = outcome.state.foldedDismissals ?? 0
  if (folded > 0)
    notices.push(
      `${folded} older dismissal(s) were folded to keep this comment within GitHub's size limit: those findings may be reported again.`
    )
  const unverified = outcome.verification?.failed ?? 0
  if (unverified > 0)
    notices.push(
      `${unverified} finding(s) could not be verified (the verification failed or did not run): they are kept, unverified, and count like the others.`
    )
  if (outcome.unfinished.some((p) => p.stop === 'deadline'))
    notices.push(
      `Partial review: the time budget of ${settings.timeBudgetMinutes} minute(s) ran out; passes not run are listed below.`
    )
  const capped = outcome.unfinished.filter((p) => p.stop === 'cost-cap')
  if (capped.length > 0) notices.push(costCapNotice(capped, outcome, settings))
  return notices
}

/** What max-cost-usd left undone, and, when it is below one pass, what one pass needs. */
function costCapNotice(
  capped: readonly PassOutcome[],
  outcome: ReviewedOutcome,
  settings: NoticeSettings
): string {
  const cap = `max-cost-usd ($${settings.maxCostUsd})`
  const spent = `$${(outcome.costUsd ?? 0).toFixed(4)}`
  const needs = capped.flatMap((p) => p.costNeed ?? [])
  const least = needs.sort((a, b) => totalCostNeed(a) - totalCostNeed(b))[0]
  if (!least)
    return `Partial review: ${cap} left ${capped.length} pass(es) unfinished at ${spent} spent; they are listed below, and the next run reviews them.`
  const one = describeCostNeed(least)
  if (totalCostNeed(least) > (settings.maxCostUsd ?? 0))
    return `Partial review: ${cap} is less than one pass needs (${one}): ${capped.length} pass(es) did not run (${spent} spent). Raise max-cost-usd to review them.`
  return `Partial review: ${cap} left ${capped.length} pass(es) unfinished at ${spent} spent (one more pass needs ${one}); they are listed below, and the next run reviews them.`
}
