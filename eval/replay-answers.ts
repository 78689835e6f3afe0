/**
 * Scripted model answers for `npm run eval -- --replay`: per scenario and
 * area, what the model reports (the code named by text, as a model quoting
 * the diff would) and which findings the verifier drops. They exercise the
 * whole pipeline offline — planning, prompts, tools, validation,
 * reconciliation, verification, scoring — not the model: replay figures
 * say nothing about review quality. `npm run eval` with a key measures that.
 */
import type { Scenario } from './scenarios.js'

export interface ScriptedFinding {
  area: string
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info'
  path: string
  /** Text of the line the finding is on. */
  line: string
  /** Report this many lines off, with evidence, to exercise re-anchoring. */
  offBy?: number
  title: string
  problem: string
  recommendation: string
  /** The verifier drops it (a planted false positive). */
  falsePositive?: boolean
}

/** One finding per scenario's expectation, with the same area and severity, plus planted false positives. */
export function scriptedAnswers(scenario: Scenario): ScriptedFinding[] {
  const answers: ScriptedFinding[] = scenario.expected.map((e, i) => ({
    area: e.area,
    severity: e.minSeverity,
    path: e.path,
    line: e.line,
    offBy: i === 0 && scenario.id.startsWith('db-') ? 12 : undefined,
    title: `${scenario.title}: ${e.area} problem`,
    problem: `The change at this line causes a ${e.area} problem in ${scenario.id}.`,
    recommendation: 'Fix it as the checklist says.'
  }))
  if (scenario.id === 'clean-refactor') {
    answers.push({
      area: 'security',
      severity: 'high',
      path: 'src/products.ts',
      line: 'SELECT id, name FROM products',
      title: 'Possible SQL injection in byCategory',
      problem: 'category may reach the SQL string.',
      recommendation: 'Use parameters.',
      falsePositive: true
    })
  }
  return answers
}
