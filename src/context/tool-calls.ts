/** The review tools as context gathering calls them: Read, Grep and Glob on the unit's view. */
import { keyMaterialIn } from '../text/secret-paths.js'
import { globTool } from '../tools/glob-tool.js'
import { grepTool } from '../tools/grep-tool.js'
import { READ_MAX_BYTES, readTool } from '../tools/read-tool.js'
import type { ToolContext } from '../tools/tool-context.js'

export async function globPaths(
  tools: ToolContext,
  pattern: string
): Promise<string[]> {
  const out = await run(tools, 'Glob', { pattern })
  return out === 'No files found'
    ? []
    : out
        .split('\n')
        .filter((line) => !line.startsWith('('))
        .slice(0, 10)
}

export async function textOf(
  tools: ToolContext,
  path: string
): Promise<string | undefined> {
  try {
    const entry = await tools.files.stat(path)
    if (!entry || entry.symlink) return undefined
    const bytes = await tools.files.read(path, READ_MAX_BYTES)
    if (bytes.subarray(0, 8_000).includes(0)) return undefined
    const text = bytes.toString('utf8')
    return keyMaterialIn(text) ? undefined : text
  } catch {
    return undefined
  }
}

export async function read(
  tools: ToolContext,
  path: string,
  offset?: number,
  limit?: number
): Promise<string> {
  return run(tools, 'Read', {
    file_path: path,
    ...(offset ? { offset, limit } : {})
  })
}

/** The tools' own code, so context and the model's calls see the same files the same way. */
export async function run(
  tools: ToolContext,
  name: 'Read' | 'Grep' | 'Glob',
  input: Record<string, unknown>
): Promise<string> {
  const tool =
    name === 'Read' ? readTool : name === 'Grep' ? grepTool : globTool
  try {
    const outcome = await tool.run(input, tools)
    return outcome.isError ? '' : outcome.content
  } catch {
    return ''
  }
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
