import { parse } from 'yaml'
import { z } from 'zod'
import { ConfigurationError, getErrorMessage } from '../errors.js'
import { REVIEW_CONFIG_PATH } from '../vocabulary/review-config.js'
import type { LedgerFinding } from './ledger.js'

export { REVIEW_CONFIG_PATH }

/** Fingerprints a team accepted, each with the reason a finding it names is shown with. */
export type IgnoreList = ReadonlyMap<string, string>

const FINGERPRINT = /^[0-9a-f]{8,64}$/

const entry = z.union([
  z.string().regex(FINGERPRINT),
  z.object({
    fingerprint: z.string().regex(FINGERPRINT),
    reason: z.string().default('')
  })
])

const configSchema = z.looseObject({
  ignore: z.array(entry).default([])
})

const EXPECTED = `ignore:\n  - fingerprint: 3f9a1c…  # the findings output's fingerprint\n    reason: accepted risk, see ADR 12`

/** The configuration file's YAML ({} when empty); a file that does not parse is a ConfigurationError naming it. */
export function configYaml(text: string, source: string): unknown {
  try {
    return parse(text) ?? {}
  } catch (error) {
    throw new ConfigurationError(
      `${source} is not valid YAML: ${getErrorMessage(error)}`
    )
  }
}

/**
 * The `ignore` list of `.github/architect-review.yml`: findings the team
 * accepted, by fingerprint. An ignored finding is never posted and never
 * counted by the gate; it is listed with the reason. Other keys are left
 * for other features. A malformed file is a ConfigurationError naming it.
 */
export function parseIgnoreList(
  text: string | undefined,
  source = REVIEW_CONFIG_PATH
): IgnoreList {
  if (text === undefined || text.trim() === '') return new Map()
  const parsed = configSchema.safeParse(configYaml(text, source))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ConfigurationError(
      `${source}: ${issue.path.join('.') || 'the file'} is not what it should be (${issue.message}). The ignore list looks like:\n${EXPECTED}`
    )
  }
  return new Map(
    parsed.data.ignore.map((e) => {
      const [fp, why] =
        typeof e === 'string' ? [e, ''] : [e.fingerprint, e.reason]
      return [fp, `ignored in ${source}${why ? `: ${why}` : ''}`]
    })
  )
}

/** Fingerprints given on the command line (`--ignore a1b2…,c3d4…`), added to a list. */
export function withIgnored(
  list: IgnoreList,
  fingerprints: readonly string[]
): IgnoreList {
  const merged = new Map(list)
  for (const fp of fingerprints) {
    if (!FINGERPRINT.test(fp))
      throw new ConfigurationError(
        `--ignore takes fingerprints (hex, from the findings output), got '${fp}'.`
      )
    if (!merged.has(fp)) merged.set(fp, 'ignored with --ignore')
  }
  return merged
}

/** Open findings the list names: ignored, with the reason; never posted, never gated. */
export function applyIgnoreList(
  findings: readonly LedgerFinding[],
  ignored: IgnoreList
): LedgerFinding[] {
  if (ignored.size === 0) return [...findings]
  return findings.map((finding) => {
    if (finding.status !== 'open' || !ignored.has(finding.fingerprint))
      return finding
    return {
      ...finding,
      status: 'dismissed' as const,
      reason: ignored.get(finding.fingerprint),
      placement: undefined
    }
  })
}
