import { NOTHING_SPENT } from '../../src/benchmark/benchmark-scoring.js'
import type { CaseResult } from '../../src/benchmark/benchmark-scoring.js'

export const RUN_CONFIG = {
  set: 'martian',
  setCommit: 'a'.repeat(40),
  reviewer: 'architect-review 0.1.0',
  model: 'claude-sonnet-5-5',
  judgeModel: 'claude-opus-5-5',
  judgePrompt: 'judge/1'
}

/** A scored result of PR o/r#1 in Go with nothing in it, but for `over`. */
export const caseResult = (over: Partial<CaseResult>): CaseResult => ({
  id: 'o/r#1',
  url: 'https://github.com/o/r/pull/1',
  title: 't',
  language: 'Go',
  base: 'b',
  head: 'h',
  config: RUN_CONFIG,
  status: 'scored',
  findings: [],
  labels: [],
  matches: [],
  ...structuredClone(NOTHING_SPENT),
  ...over
})
