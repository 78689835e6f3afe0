import { z } from 'zod'
import { ConfigurationError } from '../errors.js'
import { findingSchema } from '../findings/finding.js'
import type { ReviewFinding } from '../findings/finding.js'
import type { ShardShare } from '../plan/shards.js'
import type { PassResult } from '../review/review-pass.js'
import type { ReviewResult } from '../review/review-runner.js'
import { addUsage, costOf, NO_USAGE } from '../vocabulary/usage.js'
import type { ReviewOutcome } from './review-outcome.js'

export const SHARD_FILE_VERSION = 1

/** What one shard job hands the merge: its passes, their findings and context. */
export interface ShardFile {
  version: typeof SHARD_FILE_VERSION
  /** The head the shard reviewed. */
  head: string
  /** planHash of the plan it took its share from. */
  plan: string
  /** `i/n`. */
  shard: string
  model: string
  passes: PassResult[]
  context: ReviewResult['context']
}

/** A shard's result as the merge reads it. */
export function shardFileOf(
  outcome: ReviewOutcome,
  shard: { index: number; total: number }
): ShardFile {
  return {
    version: SHARD_FILE_VERSION,
    head: outcome.headSha,
    plan: outcome.shards.plan,
    shard: `${shard.index}/${shard.total}`,
    model: outcome.model,
    passes: outcome.passes,
    context: outcome.context
  }
}

const usageSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheWrite: z.number().nonnegative(),
  cacheRead: z.number().nonnegative()
})

const origin = { unit: z.string(), pass: z.string() }

const reportedSchema = z.union([
  findingSchema().extend({ ...origin, status: z.literal('valid') }),
  z.object({
    ...origin,
    status: z.literal('invalid'),
    input: z.unknown(),
    problems: z.array(z.string())
  })
])

const shardFileSchema = z.object({
  version: z.literal(SHARD_FILE_VERSION),
  head: z.string().regex(/^[0-9a-f]{40}$/),
  plan: z.string().regex(/^[0-9a-f]{64}$/),
  shard: z.string().regex(/^\d+\/\d+$/),
  model: z.string(),
  passes: z.array(
    z.object({
      unit: z.string(),
      area: z.string(),
      status: z.enum([
        'complete',
        'incomplete',
        'refused',
        'failed',
        'not-run'
      ]),
      reason: z.string().optional(),
      stop: z
        .enum([
          'deadline',
          'cost-cap',
          'fatal',
          'turns',
          'no-report',
          'refused',
          'context-window',
          'error'
        ])
        .optional(),
      turns: z.number().int().nonnegative(),
      toolCalls: z.number().int().nonnegative(),
      usage: usageSchema,
      findings: z.array(reportedSchema)
    })
  ),
  context: z.array(
    z.object({
      unit: z.string(),
      tokens: z.number(),
      included: z.array(z.string()),
      omitted: z.array(z.string()),
      text: z.string()
    })
  )
})

/** Reads a shard file; a ConfigurationError naming `source` when it is not one. */
export function parseShardFile(text: string, source: string): ShardFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ConfigurationError(
      `${source} is not a shard file: ${(error as Error).message}.`
    )
  }
  const parsed = shardFileSchema.safeParse(json)
  if (!parsed.success)
    throw new ConfigurationError(
      `${source} is not a shard file of this version (${SHARD_FILE_VERSION}): ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}.`
    )
  return parsed.data as ShardFile
}

/** The shards a merge expects: the same head and plan, and each one's share. */
export interface ShardExpectation {
  head: string
  plan: string
  shares: readonly ShardShare[]
}

/**
 * The review the shards made together. Every file must be of the same head
 * and plan (else a ConfigurationError naming it). A delivered file holds
 * every pass of its share that was due; a shard whose file is missing
 * leaves all its passes "not run", so the summary names them and the next
 * run reviews them.
 */
export function mergeShards(
  files: ReadonlyArray<{ source: string; file: ShardFile }>,
  expected: ShardExpectation
): ReviewResult & { missing: string[] } {
  const total = expected.shares.length
  const byIndex = new Map<number, ShardFile>()
  for (const { source, file } of files) {
    if (file.head !== expected.head)
      throw new ConfigurationError(
        `${source} is shard ${file.shard} of head ${file.head.slice(0, 12)}, but this run reviews ${expected.head.slice(0, 12)}: re-run the shard jobs on this head.`
      )
    const [index, of] = file.shard.split('/').map(Number)
    if (file.plan !== expected.plan || of !== total)
      throw new ConfigurationError(
        `${source} (shard ${file.shard}) was made from another plan than this run's ${total} shard(s): the shard jobs and the merge must use the same inputs.`
      )
    byIndex.set(index, file)
  }
  const passes: PassResult[] = []
  const missing: string[] = []
  expected.shares.forEach((share, i) => {
    const file = byIndex.get(i + 1)
    // A delivered file holds every pass of its share that was due; the rest were covered before.
    if (file) {
      passes.push(
        ...file.passes.filter((p) => share.get(p.unit)?.includes(p.area))
      )
      return
    }
    missing.push(`${i + 1}/${total}`)
    for (const [unit, areas] of share)
      for (const area of areas)
        passes.push(notDelivered(unit, area, `${i + 1}/${total}`))
  })
  const shardFiles = [...byIndex.values()]
  const usage = passes.reduce((sum, p) => addUsage(sum, p.usage), NO_USAGE)
  const model = shardFiles[0]?.model ?? ''
  return {
    model,
    passes,
    findings: passes.flatMap((p) => p.findings as ReviewFinding[]),
    usage,
    costUsd: costOf(usage, model),
    turns: passes.reduce((sum, p) => sum + p.turns, 0),
    toolCalls: passes.reduce((sum, p) => sum + p.toolCalls, 0),
    complete: passes.every((p) => p.status === 'complete'),
    context: shardFiles.flatMap((f) => f.context),
    missing
  }
}

function notDelivered(unit: string, area: string, shard: string): PassResult {
  return {
    unit,
    area,
    status: 'not-run',
    reason: `not run: shard ${shard} delivered no file`,
    stop: 'error',
    findings: [],
    turns: 0,
    toolCalls: 0,
    usage: NO_USAGE
  }
}
