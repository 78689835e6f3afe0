import { z } from 'zod'
import { findingSchema } from './finding.js'

const origin = {
  unit: z.string().describe('The review unit the finding came from'),
  pass: z.string().describe('The area of the pass that reported it')
}

/** The `findings` output: every finding, valid or kept as invalid. */
export const findingsOutputSchema = z
  .array(
    z.union([
      findingSchema().extend({
        ...origin,
        status: z.literal('valid'),
        areas: z
          .array(z.string())
          .optional()
          .describe('Every area that raised it (duplicates are merged)'),
        fingerprint: z
          .string()
          .optional()
          .describe(
            'Stable identity: path, normalised title and the code it points at'
          ),
        disposition: z
          .enum(['inline', 'summary', 'filtered', 'posted-before', 'dropped'])
          .optional()
          .describe('What publishing did with it'),
        reason: z
          .string()
          .optional()
          .describe('Why it is not inline, or what was adjusted'),
        anchor: z
          .strictObject({
            line: z.number().int(),
            startLine: z.number().int().optional()
          })
          .optional()
          .describe('The head-side lines its comment sits on'),
        verification: z
          .strictObject({
            verdict: z.enum(['keep', 'drop', 'error']),
            reason: z.string()
          })
          .optional()
          .describe(
            "The verifier's answer (for the severities `verify` checks)"
          ),
        suggestionApplies: z
          .boolean()
          .optional()
          .describe('Its suggestion replaces the anchored lines')
      }),
      z.strictObject({
        ...origin,
        status: z.literal('invalid'),
        input: z.unknown().describe('What the model reported'),
        problems: z.array(z.string()).describe('Why it could not be accepted')
      })
    ])
  )
  .describe('architect-review findings')

/** The JSON Schema published as docs/findings.schema.json. */
export function findingsJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://github.com/architect-review/architect-review/blob/main/docs/findings.schema.json',
    title: 'architect-review findings',
    ...(z.toJSONSchema(findingsOutputSchema, {
      target: 'draft-2020-12'
    }) as Record<string, unknown>)
  }
}
