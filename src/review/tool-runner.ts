/** Runs the tool the model called, among those it was granted. */
import { ToolError } from '../repository/repository-files.js'
import type {
  ReviewTool,
  ToolContext,
  ToolOutcome
} from '../tools/tool-context.js'

/** Runs a granted tool; anything it throws becomes an is_error result. */
export async function executeTool(
  tools: readonly ReviewTool[],
  name: string,
  input: unknown,
  context: ToolContext
): Promise<ToolOutcome> {
  const tool = tools.find((t) => t.name === name)
  if (!tool) {
    return {
      content: `Unknown tool '${name}'. Available: ${tools.map((t) => t.name).join(', ') || 'none'}.`,
      isError: true
    }
  }
  try {
    return await tool.run(input, context)
  } catch (error) {
    const message =
      error instanceof ToolError
        ? error.message
        : `${name} failed: ${(error as Error).message ?? String(error)}`
    return { content: message, isError: true }
  }
}
