import { z } from 'zod'
import { reportSchema } from '../findings/finding.js'
import { REPORT_TOOL } from './review-protocol.js'

/** JSON Schema keywords strict tool schemas do not take; the validator still enforces them. */
const UNSUPPORTED_IN_STRICT = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  '$schema'
]

/** The JSON Schema of report_findings' input, as sent to the API. */
export function reportInputSchema(
  areaIds: readonly [string, ...string[]]
): Record<string, unknown> {
  return stripKeywords(z.toJSONSchema(reportSchema(areaIds))) as Record<
    string,
    unknown
  >
}

/** The report_findings tool definition: strict, so the API keeps the model to its schema. */
export function reportToolDefinition(areaIds: readonly [string, ...string[]]) {
  return {
    name: REPORT_TOOL,
    description:
      'Reports the findings of this review pass. Call it exactly once, with every finding (an empty list when there are none), then end your turn.',
    input_schema: reportInputSchema(areaIds) as {
      type: 'object'
      [key: string]: unknown
    },
    strict: true
  }
}

function stripKeywords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripKeywords)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    if (!UNSUPPORTED_IN_STRICT.includes(key)) out[key] = stripKeywords(child)
  }
  return out
}
