import { findingSchema } from './finding.js'
import type { Finding } from './finding.js'

/** What a reported finding is checked against beyond its shape. */
export interface ValidationContext {
  /** Area ids of this review. */
  areaIds: readonly string[]
  /** Head-side paths of the PR's files; previous names map to current ones. */
  paths: ReadonlyMap<string, string>
}

/** Findings one report may carry; more are counted and kept as one invalid entry. */
export const MAX_FINDINGS_PER_REPORT = 100

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
  if (findings.length > MAX_FINDINGS_PER_REPORT) {
    const extra = findings.length - MAX_FINDINGS_PER_REPORT
    result.invalid.push({
      index: MAX_FINDINGS_PER_REPORT,
      input: {
        omitted: extra,
        first: findings.slice(
          MAX_FINDINGS_PER_REPORT,
          MAX_FINDINGS_PER_REPORT + 3
        )
      },
      problems: [
        `${extra} finding(s) over the limit of ${MAX_FINDINGS_PER_REPORT} per report were not accepted; report the most important ones`
      ]
    })
  }
  findings.slice(0, MAX_FINDINGS_PER_REPORT).forEach((raw, index) => {
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
    result.invalid.push({ index, input: bounded(raw), problems })
  })
  return result
}

/** What an invalid finding keeps of the model's input: enough to see what went wrong, bounded in size. */
export function bounded(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return value.length > 500
      ? `${value.slice(0, 500)}… [${value.length - 500} more characters]`
      : value
  if (Array.isArray(value))
    return depth > 3
      ? `[array of ${value.length}]`
      : value.slice(0, 20).map((v) => bounded(v, depth + 1))
  if (value && typeof value === 'object') {
    if (depth > 3) return '[object]'
    return Object.fromEntries(
      Object.entries(value)
        .slice(0, 20)
        .map(([k, v]) => [k, bounded(v, depth + 1)])
    )
  }
  return value
}
