import type { Severity } from '../vocabulary/severity.js'
import type { LedgerFinding } from '../findings/ledger.js'
import { redactSecrets, stripHtmlComments } from '../text/sanitize.js'

/** GitHub code scanning ranks security alerts by this CVSS-like score. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0'
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note'
}

/** A rule id per area and problem: `area/words-of-the-title`. */
export function ruleId(finding: LedgerFinding): string {
  const slug = finding.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .split('-')
    .slice(0, 8)
    .join('-')
  return `${finding.areas[0]}/${slug || 'finding'}`
}

/**
 * SARIF 2.1.0 for github/codeql-action/upload-sarif: one run, a rule per
 * area and problem, our fingerprint as partialFingerprints, and
 * `security-severity` on security findings.
 */
export function toSarif(
  findings: readonly LedgerFinding[],
  options: { version: string; secrets?: readonly string[] }
) {
  const clean = (text: string): string =>
    redactSecrets(stripHtmlComments(text), options.secrets ?? [])
  const rules: Array<Record<string, unknown>> = []
  const ruleIndex = new Map<string, number>()
  const results = findings
    .filter((f) => f.status === 'open')
    .map((finding) => {
      const id = ruleId(finding)
      if (!ruleIndex.has(id)) {
        ruleIndex.set(id, rules.length)
        rules.push(ruleFor(id, finding, clean))
      }
      return resultFor(id, ruleIndex.get(id)!, finding, clean)
    })
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'architect-review',
            informationUri:
              'https://github.com/architect-review/architect-review',
            semanticVersion: options.version,
            rules
          }
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
        results
      }
    ]
  }
}

/** `security-severity` for security findings: code scanning ranks alerts by it. */
function securitySeverity(finding: LedgerFinding) {
  return finding.areas.includes('security')
    ? { 'security-severity': SECURITY_SEVERITY[finding.severity] }
    : {}
}

/** A rule, described by the first finding that names it. */
function ruleFor(
  id: string,
  finding: LedgerFinding,
  clean: (text: string) => string
): Record<string, unknown> {
  const security = finding.areas.includes('security')
  return {
    id,
    name: id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: clean(finding.title) },
    fullDescription: { text: clean(finding.title) },
    help: {
      text: clean(finding.recommendation ?? finding.title),
      markdown: clean(finding.recommendation ?? finding.title)
    },
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties: {
      tags: [...new Set([...finding.areas, ...(security ? ['security'] : [])])],
      ...securitySeverity(finding)
    }
  }
}

function resultFor(
  id: string,
  index: number,
  finding: LedgerFinding,
  clean: (text: string) => string
) {
  const start =
    finding.anchor?.startLine ?? finding.anchor?.line ?? finding.line
  const end = finding.anchor?.line ?? finding.end_line ?? finding.line
  return {
    ruleId: id,
    ruleIndex: index,
    level: LEVEL[finding.severity],
    message: {
      text: clean(
        finding.problem === undefined
          ? `${finding.title} (reported by an earlier run)`
          : `${finding.title}: ${finding.problem} Recommendation: ${finding.recommendation}`
      )
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.path, uriBaseId: '%SRCROOT%' },
          region: { startLine: start, endLine: Math.max(start, end) }
        }
      }
    ],
    partialFingerprints: { 'architectReviewFinding/v1': finding.fingerprint },
    properties: {
      severity: finding.severity,
      confidence: finding.confidence,
      areas: finding.areas,
      ...securitySeverity(finding)
    }
  }
}
