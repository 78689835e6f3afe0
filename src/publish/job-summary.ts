import * as core from '@actions/core'
import { getErrorMessage } from '../errors.js'

/**
 * Writes the job summary. A summary that cannot be written (no
 * GITHUB_STEP_SUMMARY, as under local-action without one) is a warning:
 * everything else the run did stands.
 */
export async function writeJobSummary(...parts: string[]): Promise<void> {
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
