/**
 * The line breaks the Actions runner splits a step's output on: \r\n, \n, a
 * lone \r (it reads lines with .NET's ReadLine) and Unicode's next-line,
 * line and paragraph separators.
 */
const BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g

/** A line the runner reads as a workflow command: `::` after leading space. */
const COMMAND_LINE = /^[^\S\n]*::/m

/**
 * Text for the runner's log that starts no workflow command, whoever wrote
 * it: line breaks become \n, and text with a line the runner would read as
 * a command (`::add-mask::…`, `::error file=…::…`) is framed by
 * `::stop-commands::<token>` … `::<token>::`, which turn command
 * processing off and on again; `token` is fresh and random, so the text
 * cannot end the frame itself.
 */
export function inertLogText(text: string, token: () => string): string {
  const lines = text.replace(BREAKS, '\n')
  if (!COMMAND_LINE.test(lines)) return lines
  let frame = token()
  while (lines.includes(frame)) frame = token()
  return `::stop-commands::${frame}\n${lines}\n::${frame}::`
}
