import { z } from 'zod'
import { SEVERITIES } from '../vocabulary/severity.js'
import type { Severity } from '../vocabulary/severity.js'

/** Characters a finding's fields may hold: a review comment, not a document. */
export const FIELD_LIMITS = {
  problem: 6_000,
  recommendation: 4_000,
  evidence: 3_000,
  suggestion: 6_000
}

/**
 * One finding as the model reports it through `report_findings`. This shape
 * is public: it is what the `findings` output holds (docs/findings.schema.json).
 */
export function findingSchema(areaIds?: readonly [string, ...string[]]) {
  return z.strictObject({
    area: areaIds ? z.enum(areaIds) : z.string().min(1),
    severity: z.enum(SEVERITIES),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .describe('0..1: how sure you are that this is a real problem'),
    path: z
      .string()
      .min(1)
      .describe(
        'Repository-relative path of a file changed by the pull request'
      ),
    line: z
      .number()
      .int()
      .min(1)
      .describe('Line number in the head (new) version of the file'),
    end_line: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Last line of a multi-line range, same file'),
    title: z.string().min(1).max(200).describe('One line naming the problem'),
    problem: z
      .string()
      .min(1)
      .max(FIELD_LIMITS.problem)
      .describe('What is wrong and why, with the concrete failure scenario'),
    recommendation: z
      .string()
      .min(1)
      .max(FIELD_LIMITS.recommendation)
      .describe('What to do instead'),
    evidence: z
      .string()
      .max(FIELD_LIMITS.evidence)
      .optional()
      .describe('The exact code the finding is about, copied from the diff'),
    suggestion: z
      .string()
      .max(FIELD_LIMITS.suggestion)
      .optional()
      .describe(
        'Replacement code for lines line..end_line of the head file, when a direct fix exists'
      )
  })
}

export type Finding = z.infer<ReturnType<typeof findingSchema>> & {
  severity: Severity
}

/** The input of the `report_findings` tool. */
export function reportSchema(areaIds?: readonly [string, ...string[]]) {
  return z.strictObject({ findings: z.array(findingSchema(areaIds)) })
}

/** Where a finding came from. */
export interface FindingOrigin {
  unit: string
  /** The area of the pass that reported it. */
  pass: string
}

/** A finding that passed validation. */
export interface ValidFinding extends Finding, FindingOrigin {
  status: 'valid'
}

/** A verifier's answer about one finding. */
export interface Verification {
  verdict: 'keep' | 'drop' | 'error'
  reason: string
}

/** A finding the model could not get right: kept, never dropped. */
export interface InvalidFinding extends FindingOrigin {
  status: 'invalid'
  /** What the model sent. */
  input: unknown
  problems: string[]
}

export type ReviewFinding = ValidFinding | InvalidFinding
