import type { z } from 'zod'
import { ToolError } from '../repository/repository-files.js'

/** Validates a tool's input, telling the model exactly what was wrong. */
export function parseToolInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  tool: string
): z.infer<T> {
  const result = schema.safeParse(input)
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
      .join('; ')
    throw new ToolError(`Invalid input for ${tool}: ${problems}`)
  }
  return result.data
}
