/** Where an annotation points: a file and lines of the head. */
export interface LogLocation {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
}

/**
 * Where a run's log lines go: the Actions runner (src/action/runner-step.ts),
 * a terminal (the CLI), or a list (tests). Passed in; only the front ends
 * know `@actions/core`.
 */
export interface Logger {
  info(line: string): void
  debug(line: string): void
  notice(line: string, where?: LogLocation): void
  warning(line: string, where?: LogLocation): void
  error(line: string, where?: LogLocation): void
  /** Runs `fn` inside a collapsible group that is closed even when it throws. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** A logger that keeps nothing (a default for callers that log nowhere). */
export const SILENT: Logger = {
  info: () => undefined,
  debug: () => undefined,
  notice: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: (_name, fn) => fn()
}
