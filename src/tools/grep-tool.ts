import { z } from 'zod'
import { compileGlobs } from '../text/glob.js'
import {
  SEARCH_UNAVAILABLE,
  ToolError
} from '../repository/repository-files.js'
import type { GrepQuery } from '../repository/repository-files.js'
import type { ReviewTool } from './tool-context.js'
import { parseToolInput } from './tool-input.js'

/** Entries returned when head_limit is not given (Claude Code's default). */
export const GREP_DEFAULT_HEAD_LIMIT = 250
/** Characters kept of one output line. */
const MAX_LINE_CHARS = 500

const inputSchema = z.strictObject({
  pattern: z.string().min(1),
  path: z.string().optional(),
  glob: z.string().optional(),
  output_mode: z.enum(['content', 'files_with_matches', 'count']).optional(),
  '-i': z.boolean().optional(),
  '-n': z.boolean().optional(),
  '-A': z.number().int().min(0).max(50).optional(),
  '-B': z.number().int().min(0).max(50).optional(),
  '-C': z.number().int().min(0).max(50).optional(),
  context: z.number().int().min(0).max(50).optional(),
  head_limit: z.number().int().min(0).optional()
})

/** The rows within head_limit, long lines cut, and a note when some were left out. */
function capped(
  rows: ReadonlyArray<{ text: string }>,
  headLimit: number | undefined
): { shown: string[]; notes: string[] } {
  const limit =
    headLimit === 0 ? Infinity : (headLimit ?? GREP_DEFAULT_HEAD_LIMIT)
  const shown = rows
    .slice(0, limit)
    .map((row) =>
      row.text.length > MAX_LINE_CHARS
        ? `${row.text.slice(0, MAX_LINE_CHARS)}… [line truncated]`
        : row.text
    )
  const notes =
    rows.length > shown.length
      ? [
          `showing the first ${shown.length} of ${rows.length} entries; raise head_limit or narrow the search`
        ]
      : []
  return { shown, notes }
}

export const grepTool: ReviewTool = {
  name: 'Grep',
  description: [
    "Searches file contents at the pull request's head commit with a Perl/ripgrep regular expression.",
    `output_mode: files_with_matches (default), content (path:line:text; -A/-B/-C context, -n line numbers, default on) or count. glob filters files ("*.{ts,tsx}"), path limits to a folder or file, -i ignores case; at most head_limit entries (default ${GREP_DEFAULT_HEAD_LIMIT}, 0 for all). Secret files are never searched.`
  ].join('\n'),
  input_schema: {
    type: 'object',
    properties: {
      pattern: { type: 'string' },
      path: { type: 'string' },
      glob: { type: 'string' },
      output_mode: {
        type: 'string',
        enum: ['content', 'files_with_matches', 'count']
      },
      '-i': { type: 'boolean' },
      '-n': { type: 'boolean' },
      '-A': { type: 'number' },
      '-B': { type: 'number' },
      '-C': { type: 'number' },
      head_limit: { type: 'number' }
    },
    required: ['pattern'],
    additionalProperties: false
  },
  async run(input, { files, sandbox }) {
    const query = parseToolInput(inputSchema, input, 'Grep')
    if (!files.canSearch) throw new ToolError(SEARCH_UNAVAILABLE)
    const path = query.path === undefined ? '' : sandbox.normalise(query.path)
    let globMatch: ((path: string) => string | undefined) | undefined
    if (query.glob) {
      try {
        globMatch = compileGlobs([query.glob])
      } catch {
        throw new ToolError(`Invalid glob '${query.glob}'.`)
      }
    }
    const mode = query.output_mode ?? 'files_with_matches'
    const context = query['-C'] ?? query.context ?? 0
    const search: GrepQuery = {
      exclude: await sandbox.blockedFiles(files),
      pattern: query.pattern,
      caseInsensitive: query['-i'] ?? false,
      path: path || undefined,
      mode,
      before: query['-B'] ?? context,
      after: query['-A'] ?? context,
      lineNumbers: query['-n'] ?? true
    }
    const output = await files.grep(search)
    const keep = output.rows.filter((row) =>
      row.path === undefined
        ? row.text === '--'
        : sandbox.allows(row.path) &&
          (!globMatch || globMatch(row.path) !== undefined)
    )
    // Drop group separators left at the edges or doubled by filtering.
    const rows = keep.filter(
      (row, i) =>
        row.text !== '--' ||
        (i > 0 && i < keep.length - 1 && keep[i - 1].text !== '--')
    )
    const { shown, notes } = capped(rows, query.head_limit)
    if (output.truncated) notes.push(output.truncated)
    if (shown.length === 0) {
      return {
        content: `No matches found${notes.length ? ` (${notes.join('; ')})` : ''}`,
        isError: false
      }
    }
    const header =
      mode === 'files_with_matches'
        ? `Found ${rows.length} file${rows.length === 1 ? '' : 's'}\n`
        : ''
    return {
      content: `${header}${shown.join('\n')}${notes.length ? `\n[${notes.join('; ')}]` : ''}`,
      isError: false
    }
  }
}
