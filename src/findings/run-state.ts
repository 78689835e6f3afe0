import { createHmac, timingSafeEqual } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { z } from 'zod'
import type { PassStatus } from '../vocabulary/pass.js'
import { SEVERITIES } from '../vocabulary/severity.js'
import type { Severity } from '../vocabulary/severity.js'

/**
 * What a run leaves for the next one: for every (file, area) how its last
 * pass ended and at which head, the findings still open, and the dismissed
 * ones. It is written into our summary comment, so it is authenticated: a
 * state the PR (or anyone without the run's secret) wrote does not verify.
 */
export interface RunState {
  v: 2
  /** The head this run reviewed. */
  head: string
  coverage: CoverageRecord[]
  findings: StateFinding[]
  dismissed: DismissedFinding[]
  /** Automatic runs (pull_request events) skip this PR until someone resumes it. */
  paused?: { by: string; at: string }
  /** Findings were left out to fit GitHub's comment size: the next run reviews everything. */
  partial?: boolean
  /** Dismissals left out (the oldest) to fit GitHub's comment size, counted. */
  foldedDismissals?: number
  /** The last walkthrough written, and for which head: a run that writes none (a restatement) shows it. */
  walkthrough?: { head: string; text: string }
}

/** Files whose pass for `areas` last ended with `status` at `head`. */
export interface CoverageRecord {
  head: string
  status: PassStatus
  areas: string[]
  paths: string[]
}

/** A finding as the state keeps it: enough to list it, gate on it and match it again. */
export interface StateFinding {
  fp: string
  path: string
  line: number
  severity: Severity
  confidence: number
  areas: string[]
  title: string
  /** The head at which it was last reported. */
  head: string
  /** `open`, or `dropped` by verification (so it is not verified again). */
  status: 'open' | 'dropped'
  /** An inline comment of ours carries it. */
  commented?: boolean
  verdict?: 'keep' | 'drop' | 'error'
}

/** A finding a reviewer dismissed (or the agent withdrew in a thread): never posted again, never gated. */
export interface DismissedFinding {
  fp: string
  path: string
  title: string
  /** Who: a GitHub login, or the reviewer itself for a withdrawal. */
  by: string
  /** When (ISO 8601). */
  at: string
  reason: string
  /** What the finding was, so it is listed after it is no longer reported. */
  line?: number
  severity?: Severity
  areas?: string[]
}

const PASS_STATUSES = [
  'complete',
  'incomplete',
  'refused',
  'failed',
  'not-run'
] as const

const stateSchema = z.object({
  v: z.literal(2),
  head: z.string().regex(/^[0-9a-f]{7,64}$/),
  coverage: z.array(
    z.object({
      head: z.string(),
      status: z.enum(PASS_STATUSES),
      areas: z.array(z.string()),
      paths: z.array(z.string())
    })
  ),
  findings: z.array(
    z.object({
      fp: z.string(),
      path: z.string(),
      line: z.number().int(),
      severity: z.enum(SEVERITIES),
      confidence: z.number(),
      areas: z.array(z.string()),
      title: z.string(),
      head: z.string(),
      status: z.enum(['open', 'dropped']),
      commented: z.boolean().optional(),
      verdict: z.enum(['keep', 'drop', 'error']).optional()
    })
  ),
  dismissed: z.array(
    z.object({
      fp: z.string(),
      path: z.string(),
      title: z.string(),
      by: z.string(),
      at: z.string(),
      reason: z.string(),
      line: z.number().int().optional(),
      severity: z.enum(SEVERITIES).optional(),
      areas: z.array(z.string()).optional()
    })
  ),
  paused: z.object({ by: z.string(), at: z.string() }).optional(),
  partial: z.boolean().optional(),
  foldedDismissals: z.number().int().nonnegative().optional(),
  walkthrough: z
    .object({ head: z.string(), text: z.string().max(2_000) })
    .optional()
})

/** The key and the pull request a state is bound to. */
export interface StateSeal {
  /** A secret of the run that a pull request cannot read. */
  secret: string
  /** `owner/repo#number`: a state sealed for one PR does not verify on another. */
  scope: string
}

const FORMAT = 'v2'

/** The state as one token of `[A-Za-z0-9+/=.]`: gzip, base64, and an HMAC over both. */
export function sealState(state: RunState, seal: StateSeal): string {
  const payload = gzipSync(JSON.stringify(state)).toString('base64')
  return `${FORMAT}.${payload}.${mac(payload, seal)}`
}

/**
 * Seals a state within `maxChars`, whatever it holds: when it is too big,
 * the least severe findings are left out first and the state is marked
 * partial, so the next run reviews everything rather than trusting an
 * incomplete record; then the oldest dismissals, counted as folded (their
 * findings may be reported again). Every part has a budget, so the
 * summary that carries the state always fits GitHub's limit.
 */
export function sealWithin(
  state: RunState,
  seal: StateSeal,
  maxChars: number
): string {
  let sealed = sealState(state, seal)
  let kept = state
  while (sealed.length > maxChars) {
    const smaller = shrunk(kept)
    if (!smaller) break
    kept = smaller
    sealed = sealState(kept, seal)
  }
  return sealed
}

/** The state with its least valuable fifth left out, or undefined when nothing is left to leave out. */
function shrunk(state: RunState): RunState | undefined {
  if (state.findings.length > 0 || state.coverage.length > 0)
    return {
      ...state,
      partial: true,
      findings: state.findings.slice(
        0,
        Math.floor(state.findings.length * 0.8)
      ),
      coverage: state.findings.length > 0 ? state.coverage : []
    }
  if (state.dismissed.length === 0) return undefined
  const newest = [...state.dismissed].sort((a, b) => b.at.localeCompare(a.at))
  const keep = newest.slice(0, Math.floor(newest.length * 0.8))
  return {
    ...state,
    dismissed: keep,
    foldedDismissals:
      (state.foldedDismissals ?? 0) + state.dismissed.length - keep.length
  }
}

/** Why a sealed state was not taken (for the log), or the state. */
export type OpenedState =
  { ok: true; state: RunState } | { ok: false; why: string }

/** Verifies and reads a sealed state. Anything that does not verify is refused, never half-read. */
export function openState(token: string, seal: StateSeal): OpenedState {
  const [format, payload, signature, ...rest] = token.split('.')
  if (format !== FORMAT || !payload || !signature || rest.length > 0)
    return { ok: false, why: 'the state is not in a format this version reads' }
  const expected = Buffer.from(mac(payload, seal), 'hex')
  const given = Buffer.from(signature, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return {
      ok: false,
      why: 'the state does not verify (written without this run’s secret, or for another pull request)'
    }
  try {
    const json: unknown = JSON.parse(
      gunzipSync(Buffer.from(payload, 'base64')).toString('utf8')
    )
    const parsed = stateSchema.safeParse(json)
    return parsed.success
      ? { ok: true, state: parsed.data }
      : { ok: false, why: 'the state has an unexpected shape' }
  } catch {
    return { ok: false, why: 'the state cannot be decoded' }
  }
}

function mac(payload: string, seal: StateSeal): string {
  // A key of its own, derived from the secret, so the MAC never exposes it.
  const key = createHmac('sha256', seal.secret)
    .update('architect-review run state')
    .digest()
  return createHmac('sha256', key)
    .update(`${seal.scope}\n${payload}`)
    .digest('hex')
}

/** How the last pass over a (path, area) ended, and at which head. */
export interface LastPass {
  head: string
  status: PassStatus
}

const key = (area: string, path: string): string => `${area}\0${path}`

/** Every (area, path) the records cover, with its last pass. */
function lastPasses(records: readonly CoverageRecord[]): Map<string, LastPass> {
  const index = new Map<string, LastPass>()
  for (const { head, status, areas, paths } of records)
    for (const area of areas)
      for (const path of paths)
        if (!index.has(key(area, path)))
          index.set(key(area, path), { head, status })
  return index
}

/** Looks up how the last pass of an area over a path ended; indexed once, for plans of thousands of files. */
export function coverageLookup(
  state: RunState
): (path: string, area: string) => LastPass | undefined {
  const index = lastPasses(state.coverage)
  return (path, area) => index.get(key(area, path))
}

/**
 * Coverage after a run: each (path, area) the run passed over takes this
 * run's result; the others keep theirs while their path is still in the
 * change. Grouped back into as few records as possible.
 */
export function mergeCoverage(
  previous: readonly CoverageRecord[],
  runPasses: ReadonlyArray<{
    paths: readonly string[]
    area: string
    status: PassStatus
  }>,
  head: string,
  currentPaths: ReadonlySet<string>
): CoverageRecord[] {
  const byKey = lastPasses(previous)
  for (const k of byKey.keys())
    if (!currentPaths.has(k.slice(k.indexOf('\0') + 1))) byKey.delete(k)
  for (const pass of runPasses)
    for (const path of pass.paths)
      byKey.set(key(pass.area, path), { head, status: pass.status })
  // Group paths by (head, status, the set of areas they share).
  const perPath = new Map<string, Map<string, string[]>>()
  for (const [key, value] of byKey) {
    const [area, path] = key.split('\0')
    const group = `${value.head}\0${value.status}`
    const paths = perPath.get(group) ?? new Map<string, string[]>()
    paths.set(path, [...(paths.get(path) ?? []), area])
    perPath.set(group, paths)
  }
  const records: CoverageRecord[] = []
  for (const [group, paths] of perPath) {
    const [recordHead, status] = group.split('\0') as [string, PassStatus]
    const byAreas = new Map<string, string[]>()
    for (const [path, areas] of paths) {
      const areaKey = [...areas].sort().join(',')
      byAreas.set(areaKey, [...(byAreas.get(areaKey) ?? []), path])
    }
    for (const [areaKey, groupPaths] of byAreas)
      records.push({
        head: recordHead,
        status,
        areas: areaKey.split(','),
        paths: groupPaths.sort()
      })
  }
  return records
}
