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
      findingSchema().extend({ ...origin, status: z.literal('valid') }),
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
