import { findingSchema } from './finding.js'
import type { Finding } from './finding.js'

/** What a reported finding is checked against beyond its shape. */
export interface ValidationContext {
  /** Area ids of this review. */
  areaIds: readonly string[]
  /** Head-side paths of the PR's files; previous names map to current ones. */
  paths: ReadonlyMap<string, string>
}

export interface CheckedReport {
  valid: Finding[]
  invalid: Array<{ index: number; input: unknown; problems: string[] }>
}

/**
 * Validates each reported finding on its own, so one bad finding does not
 * cost the others. A finding on a renamed file's old name is moved to the
 * new name.
 */
export function checkReport(
  input: unknown,
  context: ValidationContext
): CheckedReport {
  const result: CheckedReport = { valid: [], invalid: [] }
  const findings = (input as { findings?: unknown } | null)?.findings
  if (!Array.isArray(findings)) {
    result.invalid.push({
      index: -1,
      input,
      problems: [
        'input must be an object {"findings": [...]} with a findings array'
      ]
    })
    return result
  }
  const schema = findingSchema()
  findings.forEach((raw, index) => {
    const parsed = schema.safeParse(raw)
    const problems = parsed.success
      ? []
      : parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || 'finding'}: ${issue.message}`
        )
    if (parsed.success) {
      const finding = parsed.data as Finding
      if (!context.areaIds.includes(finding.area)) {
        problems.push(
          `area: '${finding.area}' is not one of ${context.areaIds.join(', ')}`
        )
      }
      const path = context.paths.get(finding.path)
      if (path === undefined) {
        problems.push(
          `path: '${finding.path}' is not a file changed by this pull request`
        )
      } else {
        finding.path = path
      }
      if (finding.end_line !== undefined && finding.end_line < finding.line) {
        problems.push(
          `end_line: ${finding.end_line} is before line ${finding.line}`
        )
      }
      if (problems.length === 0) {
        if (finding.end_line === finding.line) delete finding.end_line
        result.valid.push(finding)
        return
      }
    }
    result.invalid.push({ index, input: raw, problems })
  })
  return result
}
