import { passName } from '../vocabulary/pass.js'
import type { ReviewProgress } from '../vocabulary/progress.js'
import { addUsage, costOf, NO_USAGE } from '../vocabulary/usage.js'
import type { TokenUsage } from '../vocabulary/usage.js'

/**
 * Follows a review's progress: turns each event into a line for a log and
 * keeps the running totals (passes done, tokens, cost so far) that the
 * action's log and the CLI's status show.
 */
export class ProgressLog {
  private planned = 0
  private done = 0
  private usage: TokenUsage = NO_USAGE
  private cost: number | undefined = 0
  private readonly running = new Set<string>()

  /** Records the event; the line to log for it. */
  line(event: ReviewProgress): string {
    switch (event.kind) {
      case 'scope':
        this.planned = event.passes
        return `Reviewing ${count(event.passes, 'pass', 'passes')}: ${event.description}.`
      case 'context':
        return `${event.unit}: ${formatTokens(event.tokens)} tokens of context from ${count(event.included, 'place')}${event.omitted > 0 ? `, ${event.omitted} left out for lack of room` : ''}.`
      case 'pass-started':
        this.running.add(passName(event))
        return `${passName(event)}: started.`
      case 'pass-finished': {
        this.running.delete(passName(event))
        this.done++
        this.spend(event.usage, event.model)
        const reason = event.reason ? ` (${event.reason})` : ''
        return `${passName(event)}: ${event.status}${reason}, ${count(event.turns, 'turn')}, ${count(event.findings, 'finding')} · ${this.totals()}.`
      }
      case 'verify-started':
        return `Verifying ${count(event.findings, 'finding')} with ${event.model}.`
      case 'verify-finished':
        this.spend(event.usage, event.model)
        return `Verified ${count(event.checked, 'finding')}, ${event.dropped} dropped · ${this.totals()}.`
    }
  }

  /** One line for a live status: passes done, running, tokens and cost so far. */
  status(): string {
    const running = [...this.running]
    const shown = running.slice(0, 3).join(', ')
    const more = running.length > 3 ? ` +${running.length - 3}` : ''
    return `${this.totals()}${running.length > 0 ? ` · running ${shown}${more}` : ''}`
  }

  private spend(usage: TokenUsage, model: string): void {
    this.usage = addUsage(this.usage, usage)
    const cost = costOf(usage, model)
    this.cost =
      this.cost === undefined || cost === undefined
        ? undefined
        : this.cost + cost
  }

  private totals(): string {
    const { input, output, cacheRead, cacheWrite } = this.usage
    const tokens = formatTokens(input + output + cacheRead + cacheWrite)
    const cost = this.cost === undefined ? '' : `, $${this.cost.toFixed(4)}`
    return `${this.done}/${this.planned} passes, ${tokens} tokens${cost} so far`
  }
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`
}

function formatTokens(n: number): string {
  return n.toLocaleString('en-US')
}
