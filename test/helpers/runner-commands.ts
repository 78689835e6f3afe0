/** Reading a step's output as the Actions runner does. */

/** The commands the runner would run on this output: lines split as it splits them, frames honoured. */
export function commandsIn(output: string): string[] {
  const commands: string[] = []
  let frame: string | undefined
  for (const line of output.split(/\r\n|[\r\n\u0085\u2028\u2029]/)) {
    const trimmed = line.trimStart()
    if (frame !== undefined) {
      if (trimmed === `::${frame}::`) frame = undefined
      continue
    }
    const stop = /^::stop-commands::(.+)$/.exec(trimmed)
    if (stop) frame = stop[1]
    else if (trimmed.startsWith('::')) commands.push(trimmed)
  }
  return commands
}
