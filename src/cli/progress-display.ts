import { ProgressLog } from '../report/progress-log.js'
import type { ReviewProgress } from '../vocabulary/progress.js'

/** Where progress goes: stderr, and whether a person watches it live. */
export interface ProgressTarget {
  write(text: string): void
  /** A terminal: one status line redrawn in place. Otherwise plain lines. */
  live: boolean
  /** Terminal width, to keep the status on one line. */
  columns?: number
  /** Milliseconds since some fixed point (tests pass their own). */
  now?: () => number
}

const PREFIX = 'architect-review: '
/** A note longer than this (a list of 135 context pieces) is cut: stderr is for following along. */
const MAX_NOTE_CHARS = 400
const CLEAR_LINE = '\r\x1b[2K'
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

/**
 * The CLI's progress on stderr. In a pipe every step is a plain line; in a
 * terminal finished steps scroll up as lines and a status line below them
 * shows passes done, the passes running, tokens, cost and time so far.
 */
export class ProgressDisplay {
  private readonly log = new ProgressLog()
  private readonly now: () => number
  private readonly started: number
  private frame = 0
  private timer: ReturnType<typeof setInterval> | undefined
  private statusShown = false

  constructor(private readonly target: ProgressTarget) {
    this.now = target.now ?? (() => performance.now())
    this.started = this.now()
  }

  /** A line that stays: a plan, a note, a finished step (cut when very long). */
  note(text: string): void {
    const line =
      text.length > MAX_NOTE_CHARS
        ? `${text.slice(0, MAX_NOTE_CHARS)}… (${text.length - MAX_NOTE_CHARS} more characters)`
        : text
    if (!this.target.live) {
      this.target.write(`${PREFIX}${line}\n`)
      return
    }
    this.target.write(`${CLEAR_LINE}${PREFIX}${line}\n`)
    this.statusShown = false
    this.redraw()
  }

  event(event: ReviewProgress): void {
    const line = this.log.line(event)
    // In a terminal a start only changes the status line.
    if (this.target.live && event.kind === 'pass-started') this.redraw()
    else this.note(line)
    if (this.target.live && !this.timer) {
      this.timer = setInterval(() => this.redraw(), 250)
      this.timer.unref()
    }
  }

  /** Clears the status line; call once the review has ended. */
  done(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    if (this.target.live && this.statusShown) this.target.write(CLEAR_LINE)
    this.statusShown = false
  }

  private redraw(): void {
    if (!this.target.live) return
    const seconds = Math.round((this.now() - this.started) / 1000)
    const spinner = SPINNER[this.frame++ % SPINNER.length]
    this.target.write(
      `${CLEAR_LINE}${this.fit(`${spinner} ${this.log.status()} · ${seconds}s`)}`
    )
    this.statusShown = true
  }

  /** The status must fit one row, or every redraw would add a line. */
  private fit(text: string): string {
    const width = this.target.columns ?? 80
    if (text.length < width) return text
    return `${text.slice(0, Math.max(0, width - 2))}…`
  }
}
