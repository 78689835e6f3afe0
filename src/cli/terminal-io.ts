import type { CliIo } from './cli-main.js'

/**
 * stdout and stderr of the process, safe in a pipeline: when the reader
 * goes away (`architect-review | head -1`) writing stops quietly instead
 * of crashing on EPIPE; the run still ends with its own exit code.
 */
export function terminalIo(): CliIo {
  return {
    out: pipeSafe(process.stdout),
    err: pipeSafe(process.stderr),
    live: process.stderr.isTTY === true && !process.env.CI,
    columns: process.stderr.columns
  }
}

function pipeSafe(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    closed = true
  })
  return (text) => {
    if (!closed && !stream.destroyed) stream.write(text)
  }
}
