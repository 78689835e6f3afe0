import { z } from 'zod'
import { keyMaterialIn } from '../text/secret-paths.js'
import { ToolError } from '../repository/repository-files.js'
import type { ReviewTool } from './tool-context.js'
import { parseToolInput } from './tool-input.js'

/** Lines returned when no limit is given (Claude Code's default). */
export const READ_DEFAULT_LIMIT = 2_000
/** Characters kept of one line. */
export const READ_MAX_LINE_CHARS = 2_000
/** Bytes read of one file at most; the rest is announced, not sent. */
export const READ_MAX_BYTES = 2 * 1024 * 1024

const inputSchema = z.strictObject({
  file_path: z.string().min(1),
  offset: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).optional()
})

export const readTool: ReviewTool = {
  name: 'Read',
  description: [
    "Reads a file at the pull request's head commit (a repository-relative path, or absolute inside the workspace).",
    `Numbered like \`cat -n\`; up to ${READ_DEFAULT_LIMIT} lines unless offset (1-based) and limit say otherwise; lines over ${READ_MAX_LINE_CHARS} characters are cut. Binary and secret files are refused.`
  ].join('\n'),
  input_schema: {
    type: 'object',
    properties: {
      file_path: { type: 'string' },
      offset: { type: 'number', description: 'First line to read (1-based)' },
      limit: { type: 'number', description: 'Lines to read' }
    },
    required: ['file_path'],
    additionalProperties: false
  },
  async run(input, { files, sandbox }) {
    const { file_path, offset, limit } = parseToolInput(
      inputSchema,
      input,
      'Read'
    )
    const path = sandbox.normalise(file_path)
    if (path === '' || (await files.isDirectory(path))) {
      throw new ToolError(
        `${file_path} is a directory; use Glob to list its files.`
      )
    }
    const target = await sandbox.resolve(files, path, file_path)
    const entry = await files.stat(target)
    if (!entry) throw new ToolError(`File does not exist: ${file_path}`)
    const bytes = await files.read(target, READ_MAX_BYTES)
    if (bytes.subarray(0, 8_000).includes(0)) {
      throw new ToolError(
        `${file_path} is a binary file; Read shows text files only.`
      )
    }
    const text = bytes.toString('utf8')
    const key = keyMaterialIn(text)
    if (key)
      throw new ToolError(
        `Access denied: ${file_path} holds ${key}; its content is never shown.`
      )
    return {
      content: renderNumbered(
        text,
        entry.size,
        offset ?? 1,
        limit ?? READ_DEFAULT_LIMIT
      ),
      isError: false
    }
  }
}

/** `cat -n` style output with notes on what was left out. */
export function renderNumbered(
  text: string,
  size: number,
  offset: number,
  limit: number
): string {
  if (text === '')
    return '<system-reminder>The file exists but is empty.</system-reminder>'
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const partial = size > READ_MAX_BYTES
  const total = lines.length
  if (offset > total) {
    return `<system-reminder>The file has ${total} lines${partial ? ' in its first 2 MB' : ''}; offset ${offset} is past its end.</system-reminder>`
  }
  const end = Math.min(total, offset - 1 + limit)
  const out: string[] = []
  for (let n = offset; n <= end; n++) {
    let line = lines[n - 1].replace(/\r$/, '')
    if (line.length > READ_MAX_LINE_CHARS)
      line = `${line.slice(0, READ_MAX_LINE_CHARS)}… [line truncated]`
    out.push(`${String(n).padStart(6)}\t${line}`)
  }
  if (end < total || partial) {
    out.push(
      `<system-reminder>Showing lines ${offset}-${end} of ${partial ? `at least ${total} (only the first 2 MB of a ${size}-byte file were read)` : total}. Use offset and limit to read other parts.</system-reminder>`
    )
  }
  return out.join('\n')
}
