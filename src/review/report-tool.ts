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

/**
 * The JSON Schema of report_findings' input, as sent to the API. The
 * fields' meanings are in the review protocol, so the schema carries no
 * descriptions: every pass would pay for them twice.
 */
export function reportInputSchema(
  areaIds: readonly [string, ...string[]]
): Record<string, unknown> {
  return stripKeywords(z.toJSONSchema(reportSchema(areaIds)), [
    ...UNSUPPORTED_IN_STRICT,
    'description'
  ]) as Record<string, unknown>
}

/** The report_findings tool definition: strict, so the API keeps the model to its schema. */
export function reportToolDefinition(areaIds: readonly [string, ...string[]]) {
  return {
    name: REPORT_TOOL,
    description: 'Every finding of this pass, once (an empty list for none).',
    input_schema: reportInputSchema(areaIds) as {
      type: 'object'
      [key: string]: unknown
    },
    strict: true
  }
}

function stripKeywords(value: unknown, keywords: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => stripKeywords(v, keywords))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    // `properties` names fields: a field called "description" is kept.
    if (key === 'properties' || !keywords.includes(key))
      out[key] =
        key === 'properties'
          ? Object.fromEntries(
              Object.entries(child as Record<string, unknown>).map(([k, v]) => [
                k,
                stripKeywords(v, keywords)
              ])
            )
          : stripKeywords(child, keywords)
  }
  return out
}
