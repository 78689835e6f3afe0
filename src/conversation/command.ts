/** What a PR comment asks of the action. */
export type Command =
  /** Review now, incrementally; only `areas` when given. */
  | { name: 'review'; areas: string[] }
  /** Review every unit again, whatever earlier runs covered. */
  | { name: 'full' }
  /** Automatic runs skip this PR until `resume`. */
  | { name: 'pause' }
  | { name: 'resume' }
  | { name: 'help' }
  /** In the thread of one of our inline comments: never post or gate that finding again. */
  | { name: 'dismiss'; reason: string }
  /** The command word with a sub-command this version does not know. */
  | { name: 'unknown'; word: string }
  /** The command word followed by something that is not a well-formed command. */
  | { name: 'malformed'; problem: string }

/** A dismissal's reason is kept in the run state: this many characters at most. */
export const MAX_REASON_CHARS = 300

const AREA_ID = /^[a-z][a-z0-9-]*$/

/**
 * The command a comment gives, if its first non-blank line starts with the
 * command word (`/architect-review` by default; case-insensitive), indented
 * at most 3 spaces as Markdown reads a paragraph. A quoted line
 * (`> /architect-review …`), an indented code block (4 spaces or a tab), a
 * fenced block or the word later in the text is not a command.
 */
export function parseCommand(
  body: string,
  commandWord: string
): Command | undefined {
  const lines = body.replace(/\r\n?/g, '\n').split('\n')
  const start = lines.findIndex((line) => line.trim() !== '')
  if (start < 0) return undefined
  const first = lines[start]
  const indent = /^[ \t]*/.exec(first)![0]
  if (indent.includes('\t') || indent.length > 3) return undefined
  const rest = lines.slice(start + 1)
  const [word = '', sub = '', ...args] = first.trim().split(/\s+/)
  if (word.toLowerCase() !== commandWord.toLowerCase()) return undefined
  switch (sub.toLowerCase()) {
    case '':
      return { name: 'review', areas: [] }
    case 'review':
      return reviewCommand(args)
    case 'full':
      return args.length === 0
        ? { name: 'full' }
        : { name: 'malformed', problem: '`full` takes no arguments' }
    case 'pause':
    case 'resume':
    case 'help':
      return { name: sub.toLowerCase() as 'pause' | 'resume' | 'help' }
    case 'dismiss': {
      const reason = [args.join(' '), ...rest].join('\n').trim()
      return reason
        ? { name: 'dismiss', reason: reason.slice(0, MAX_REASON_CHARS) }
        : {
            name: 'malformed',
            problem: `\`dismiss\` needs a reason: \`${commandWord} dismiss <why this finding does not apply>\``
          }
    }
    default:
      return { name: 'unknown', word: sub.slice(0, 40) }
  }
}

/** `review` with optional areas, separated by commas or spaces. */
function reviewCommand(args: string[]): Command {
  const areas: string[] = []
  for (const part of args.join(',').split(',')) {
    const id = part.trim().toLowerCase()
    if (!id) continue
    if (!AREA_ID.test(id))
      return {
        name: 'malformed',
        problem: `'${id.slice(0, 40)}' is not an area id; give area ids separated by commas, e.g. \`review security,database\``
      }
    if (!areas.includes(id)) areas.push(id)
  }
  return { name: 'review', areas }
}

/** The reply to `help`, and to a command this version does not know. */
export function helpText(
  commandWord: string,
  areas: readonly string[]
): string {
  const c = `\`${commandWord}`
  return [
    `**architect-review** answers these commands from people with write access to the repository:`,
    '',
    `- ${c}\` or ${c} review [areas]\` — review now: what changed since the last review (areas: ${areas.map((a) => `\`${a}\``).join(', ')}, comma-separated; all when left out).`,
    `- ${c} full\` — review every file again, ignoring what earlier reviews covered.`,
    `- ${c} pause\` / ${c} resume\` — stop and restart the automatic reviews on pushes to this pull request.`,
    `- ${c} dismiss <reason>\` — in the thread of one of its inline comments: the finding is closed, never posted again and no longer counts.`,
    `- ${c} help\` — this list.`,
    '',
    'A reply in the thread of one of its inline comments gets an answer there; if the discussion shows the finding is wrong, it withdraws it.'
  ].join('\n')
}
