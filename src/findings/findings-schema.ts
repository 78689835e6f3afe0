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
      findingSchema()
        .omit({ area: true, problem: true, recommendation: true })
        .extend({
          problem: z
            .string()
            .optional()
            .describe('Absent for findings carried from an earlier run'),
          recommendation: z
            .string()
            .optional()
            .describe('Absent for findings carried from an earlier run'),
          status: z
            .enum(['open', 'filtered', 'dropped', 'dismissed', 'resolved'])
            .describe('Where it stands: only open findings count and gate'),
          origin: z
            .enum(['new', 'again', 'carried'])
            .describe(
              'Reported first now, reported again, or carried from the run state'
            ),
          placement: z
            .enum(['inline', 'summary', 'commented'])
            .optional()
            .describe('Where an open finding is shown'),
          areas: z
            .array(z.string())
            .describe('Every area that raised it (duplicates are merged)'),
          units: z
            .array(z.string())
            .describe('The units whose passes reported it'),
          reports: z.number().int().describe('Raw reports merged into it'),
          head: z.string().describe('The head it was last reported at'),
          fingerprint: z
            .string()
            .describe(
              'Stable identity: path, normalised title and the code it points at'
            ),
          reason: z
            .string()
            .optional()
            .describe('Why it is not inline or not open, or what was adjusted'),
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
          commentId: z
            .number()
            .int()
            .optional()
            .describe('Our inline comment that carries it'),
          suggestionApplies: z
            .boolean()
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
