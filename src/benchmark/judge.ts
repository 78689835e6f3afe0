/**
 * Whether a finding and a label describe the same problem, as Martian's
 * judge asks it (the same underlying issue, whatever the wording), one
 * request per label over all candidate findings; for AACR a location gate
 * first. Then each label and each finding is used once: pairs are taken
 * by confidence, so one finding cannot claim two labels.
 */
import { z } from 'zod'
import { fromApiUsage, NO_USAGE, addUsage } from '../vocabulary/usage.js'
import type { TokenUsage } from '../vocabulary/usage.js'
import type { ModelClient } from '../review/model-client.js'
import type { GoldenLabel } from './benchmark-sets.js'

/** Recorded with every result: a change to the prompt makes results incomparable. */
export const JUDGE_PROMPT_VERSION =
  'architect-review-judge/1 (after Martian step3_judge_comments.py)'
export const DEFAULT_JUDGE_MODEL = 'claude-opus-5-5'
/** Lines either side of a label's range within which a finding may match it (AACR). */
export const LOCATION_SLACK = 3

export const JUDGE_SYSTEM = `You are evaluating AI code review tools.
For one golden comment (an issue a human expert found in a pull request) and a numbered list of candidate issues (from the tool's review of the same pull request), decide for each candidate whether it identifies the SAME underlying issue as the golden comment.
- Accept semantic matches: different wording is fine if it is the same problem.
- Focus on whether they point to the same bug, concern or code issue; a candidate about a different problem in the same code is not a match.
Answer with the record_matches tool, one entry per candidate.`

const MATCHES = z.object({
  matches: z.array(
    z.object({
      candidate: z.number().int(),
      match: z.boolean(),
      confidence: z.number().min(0).max(1),
      reasoning: z.string().optional()
    })
  )
})

const RECORD_MATCHES = {
  name: 'record_matches',
  description:
    'Records, for each candidate, whether it is the same issue as the golden comment.',
  input_schema: {
    type: 'object' as const,
    properties: {
      matches: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            candidate: {
              type: 'integer',
              description: 'The candidate number.'
            },
            match: { type: 'boolean' },
            confidence: { type: 'number', minimum: 0, maximum: 1 },
            reasoning: { type: 'string', description: 'One sentence.' }
          },
          required: ['candidate', 'match', 'confidence']
        }
      }
    },
    required: ['matches']
  }
}

/** A finding as the judge sees it. */
export interface Candidate {
  text: string
  path: string
  line: number
  endLine?: number
}

export interface Judgement {
  label: number
  candidate: number
  match: boolean
  confidence: number
  reasoning?: string
}

const normalise = (path: string): string =>
  path.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '')

/** AACR's gate: the same file, and lines overlapping or within LOCATION_SLACK lines of the label's. */
export function locationGate(
  label: GoldenLabel,
  candidate: Candidate
): boolean {
  if (label.path === undefined || label.fromLine === undefined) return true
  if (normalise(label.path) !== normalise(candidate.path)) return false
  const from = label.fromLine - LOCATION_SLACK
  const to = (label.toLine ?? label.fromLine) + LOCATION_SLACK
  return candidate.line <= to && (candidate.endLine ?? candidate.line) >= from
}

/**
 * One judge request per label, over the candidates that pass the gate
 * (all of them without one). A label with no eligible candidate costs
 * nothing. A judge that fails leaves the case failed, never "no match".
 */
export async function judgeCase(
  labels: readonly GoldenLabel[],
  candidates: readonly Candidate[],
  options: { client: ModelClient; model: string; gate: boolean }
): Promise<{ judgements: Judgement[]; usage: TokenUsage; requests: number }> {
  const judgements: Judgement[] = []
  let usage = NO_USAGE
  let requests = 0
  for (const [label, golden] of labels.entries()) {
    const eligible = candidates
      .map((candidate, index) => ({ candidate, index }))
      .filter(
        ({ candidate }) => !options.gate || locationGate(golden, candidate)
      )
    if (eligible.length === 0) continue
    const message = await options.client.send({
      model: options.model,
      max_tokens: 400 + 120 * eligible.length,
      system: JUDGE_SYSTEM,
      tools: [RECORD_MATCHES],
      tool_choice: { type: 'auto' },
      messages: [{ role: 'user', content: judgeInput(golden, eligible) }]
    })
    requests++
    usage = addUsage(usage, fromApiUsage(message.usage))
    const call = message.content.find(
      (b) => b.type === 'tool_use' && b.name === 'record_matches'
    )
    const parsed = MATCHES.safeParse(
      call && 'input' in call ? call.input : undefined
    )
    if (!parsed.success)
      throw new Error(
        `the judge gave no readable record_matches answer for label ${label + 1}`
      )
    for (const m of parsed.data.matches) {
      const picked = eligible[m.candidate - 1]
      if (picked)
        judgements.push({
          label,
          candidate: picked.index,
          match: m.match,
          confidence: m.confidence,
          reasoning: m.reasoning
        })
    }
  }
  return { judgements, usage, requests }
}

function judgeInput(
  golden: GoldenLabel,
  eligible: ReadonlyArray<{ candidate: Candidate }>
): string {
  const where = golden.path
    ? ` (${golden.path}:${golden.fromLine}-${golden.toLine})`
    : ''
  return [
    `Golden comment${where}:`,
    golden.text,
    '',
    'Candidate issues:',
    ...eligible.map(
      ({ candidate }, i) =>
        `${i + 1}. (${candidate.path}:${candidate.line}) ${candidate.text}`
    )
  ].join('\n')
}

/**
 * One-to-one pairs: the judge's matches taken by confidence, highest
 * first (ties: the earlier label, then the earlier finding), each label
 * and each finding at most once.
 */
export function assignMatches(
  judgements: readonly Judgement[]
): Array<{ label: number; candidate: number; confidence: number }> {
  const ordered = judgements
    .filter((j) => j.match)
    .sort(
      (a, b) =>
        b.confidence - a.confidence ||
        a.label - b.label ||
        a.candidate - b.candidate
    )
  const labels = new Set<number>()
  const candidates = new Set<number>()
  const pairs: Array<{ label: number; candidate: number; confidence: number }> =
    []
  for (const j of ordered) {
    if (labels.has(j.label) || candidates.has(j.candidate)) continue
    labels.add(j.label)
    candidates.add(j.candidate)
    pairs.push({
      label: j.label,
      candidate: j.candidate,
      confidence: j.confidence
    })
  }
  return pairs
}
