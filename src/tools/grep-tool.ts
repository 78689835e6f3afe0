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
    'Searches file contents at the pull request\'s head commit with a regular expression (Perl/ripgrep syntax, e.g. "log.*Error", "function\\s+\\w+").',
    '- output_mode: "files_with_matches" (default) lists files; "content" shows matching lines as path:line:text (context lines as path-line-text); "count" shows path:count.',
    '- glob filters files (e.g. "*.ts", "src/**/*.{ts,tsx}"); path limits the search to a folder or file.',
    '- -A/-B/-C add context lines in content mode; -i ignores case; -n (default true) shows line numbers.',
    `- Results are capped at head_limit entries (default ${GREP_DEFAULT_HEAD_LIMIT}). Files that may hold secrets are never searched.`
  ].join('\n'),
  input_schema: {
    type: 'object',
    properties: {
      pattern: {
        type: 'string',
        description:
          'The regular expression pattern to search for in file contents'
      },
      path: {
        type: 'string',
        description:
          'File or directory to search in. Defaults to the repository root.'
      },
      glob: {
        type: 'string',
        description: 'Glob pattern to filter files (e.g. "*.js", "*.{ts,tsx}")'
      },
      output_mode: {
        type: 'string',
        enum: ['content', 'files_with_matches', 'count'],
        description:
          'Output mode: "content", "files_with_matches" (default) or "count"'
      },
      '-i': { type: 'boolean', description: 'Case insensitive search' },
      '-n': {
        type: 'boolean',
        description:
          'Show line numbers in output (content mode). Defaults to true.'
      },
      '-A': {
        type: 'number',
        description: 'Number of lines to show after each match (content mode)'
      },
      '-B': {
        type: 'number',
        description: 'Number of lines to show before each match (content mode)'
      },
      '-C': {
        type: 'number',
        description:
          'Number of lines to show before and after each match (content mode)'
      },
      context: { type: 'number', description: 'Alias for -C' },
      head_limit: {
        type: 'number',
        description: `Limit output to the first N lines or entries. Defaults to ${GREP_DEFAULT_HEAD_LIMIT}; 0 for unlimited.`
      }
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
