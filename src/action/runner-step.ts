import { randomBytes } from 'node:crypto'
import * as core from '@actions/core'
import { getErrorMessage } from '../errors.js'
import type { Logger } from '../logging.js'
import { inertLogText } from '../text/log-text.js'
import type { Step } from './step.js'

/** A frame token for stop-commands: random, so no logged text can close the frame. */
const frameToken = (): string => randomBytes(16).toString('hex')

/**
 * The Actions runner's log: workflow commands through @actions/core. Info
 * lines are the only ones written raw (the others are escaped command data),
 * so they go out inert: no text, a model's or a pull request's, can start a
 * workflow command.
 */
export const runnerLog: Logger = {
  info: (line) => core.info(inertLogText(line, frameToken)),
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
