import type { RepositoryFiles } from '../repository/repository-files.js'
import type { Sandbox } from './sandbox.js'

/** What a tool runs against. */
export interface ToolContext {
  files: RepositoryFiles
  sandbox: Sandbox
}

/** A tool's answer: text for the model, and whether it is an error. */
export interface ToolOutcome {
  content: string
  isError: boolean
}

/** A client-side tool as the Messages API declares it, with its implementation. */
export interface ReviewTool {
  name: string
  description: string
  input_schema: {
    type: 'object'
    properties: Record<string, unknown>
    required?: string[]
    additionalProperties?: boolean
  }
  run(input: unknown, context: ToolContext): Promise<ToolOutcome>
}
