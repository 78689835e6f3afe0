import * as core from '@actions/core'
import { getErrorMessage } from '../errors.js'
import type { Logger } from '../logging.js'
import type { Step } from './step.js'

/** The Actions runner's log: workflow commands through @actions/core. */
export const runnerLog: Logger = {
  info: (line) => core.info(line),
  debug: (line) => {
    if (core.isDebug()) core.debug(line)
  },
  notice: (line, where) => core.notice(line, where),
  warning: (line, where) => core.warning(line, where),
  error: (line, where) => core.error(line, where),
  group: (name, fn) => core.group(name, fn)
}

/** The step as the Actions runner sees it: the one place the action touches @actions/core (inputs aside, read by settings). */
export function runnerStep(): Step {
  return {
    log: runnerLog,
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (secret) => core.setSecret(secret),
    fail: (message) => core.setFailed(message),
    summarize: async (...parts) => {
      try {
        await core.summary
          .addRaw(parts.filter(Boolean).join('\n\n'))
          .addEOL()
          .write()
      } catch (error) {
        core.warning(
          `Could not write the job summary (${getErrorMessage(error)}); the log has the same report.`
        )
      } finally {
        core.summary.emptyBuffer()
      }
    }
  }
}
