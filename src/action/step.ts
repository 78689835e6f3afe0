import type { Logger } from '../logging.js'
import type { OutputSink } from '../publish/action-outputs.js'

/**
 * What a run of the action says to the runner: log lines and annotations,
 * outputs, the job summary and the step's failure. `runnerStep()` speaks
 * to the Actions runner; tests hand in one that keeps everything.
 */
export interface Step {
  log: Logger
  setOutput: OutputSink
  /** Masks a value in every later log line. */
  setSecret(secret: string): void
  /** Fails the step with this message (the run goes on to set its outputs). */
  fail(message: string): void
  /** Adds paragraphs to the job summary; a runner without one only warns. */
  summarize(...parts: string[]): Promise<void>
}
