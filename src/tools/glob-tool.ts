import picomatch from 'picomatch'
import { z } from 'zod'
import { anchorPattern } from '../text/glob.js'
import {
  SEARCH_UNAVAILABLE,
  ToolError
} from '../repository/repository-files.js'
import type { ReviewTool } from './tool-context.js'
import { parseToolInput } from './tool-input.js'

/** Paths returned at most (Claude Code's cap). */
export const GLOB_MAX_RESULTS = 100

const inputSchema = z.strictObject({
  pattern: z.string().min(1),
  path: z.string().optional()
})

export const globTool: ReviewTool = {
  name: 'Glob',
  description: [
    'Finds files by name pattern at the pull request\'s head commit, e.g. "**/*.sql", "src/**/*.ts", "migrations/*".',
    '- path: the folder to search in (repository-relative); omit it for the repository root.',
    `- Returns matching paths in alphabetical order, at most ${GLOB_MAX_RESULTS}; a pattern without "/" matches file names at any depth.`
  ].join('\n'),
  input_schema: {
    type: 'object',
    properties: {
      pattern: {
        type: 'string',
        description: 'The glob pattern to match files against'
      },
      path: {
        type: 'string',
        description:
          'The directory to search in. Omit it to search the repository root.'
      }
    },
    required: ['pattern'],
    additionalProperties: false
  },
  async run(input, { files, sandbox }) {
    const query = parseToolInput(inputSchema, input, 'Glob')
    if (!files.canSearch) throw new ToolError(SEARCH_UNAVAILABLE)
    const base = query.path === undefined ? '' : sandbox.normalise(query.path)
    let match: (path: string) => boolean
    try {
      match = picomatch(anchorPattern(query.pattern), {
        dot: true,
        strictBrackets: true
      })
    } catch {
      throw new ToolError(`Invalid glob pattern '${query.pattern}'.`)
    }
    const prefix = base === '' ? '' : `${base}/`
    const found: string[] = []
    let total = 0
    for (const path of await files.list()) {
      // The pattern first: the sandbox's check is the dearer test, and few paths match.
      if (!path.startsWith(prefix) || !match(path.slice(prefix.length)))
        continue
      if (!sandbox.allows(path)) continue
      total++
      if (found.length < GLOB_MAX_RESULTS) found.push(path)
    }
    if (total === 0) return { content: 'No files found', isError: false }
    const note =
      total > found.length
        ? `\n(Results are truncated: ${total} files match; showing the first ${GLOB_MAX_RESULTS}. Use a more specific pattern or path.)`
        : ''
    return { content: `${found.join('\n')}${note}`, isError: false }
  }
}
