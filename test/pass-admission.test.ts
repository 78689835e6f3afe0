/** Tests for src/review/pass-admission.ts: whether a pass starts, and the words when the cap refuses it. */
import { describe, expect, it } from 'vitest'
import type { ReviewArea } from '../src/agents/agent.js'
import type { ReviewUnit } from '../src/plan/review-plan.js'
import { CostCap } from '../src/review/cost-cap.js'
import { admitPass, preflight } from '../src/review/pass-admission.js'
import { NO_USAGE } from '../src/vocabulary/usage.js'

const MODEL = 'claude-sonnet-5-5'
const unit: ReviewUnit = { id: 'unit-1', files: [], tokens: 0 }
const area = { id: 'security', title: 'Security' } as ReviewArea
const pass = { unit, area, prefix: 'x'.repeat(7_000), warm: false }
const noFatal = () => undefined

describe('admitPass', () => {
  it('admits with room for the largest turn, and refuses a cap below one pass with what one pass needs', async () => {
    const need = { expectedUsd: 0.01, largestTurnUsd: 0.02 }
    const roomy = new CostCap(0.031, MODEL)
    const admitted = await admitPass(roomy, need)
    expect(admitted.hold).toBeDefined()
    admitted.hold!.release()

    const small = await admitPass(new CostCap(0.029, MODEL), need)
    expect(small.hold).toBeUndefined()
    expect(small.refused).toBe(
      'max-cost-usd ($0.029) is less than one pass needs (≈$0.0100 expected, and ≈$0.0200 of room for its largest turn)'
    )
  })

  it('says what was spent when the cap is used up, and calibrates the expectation first', async () => {
    const cap = new CostCap(0.05, MODEL)
    const done = cap.admit(0.02)!
    await done.beginTurn(0, 1_024)
    done.endTurn({ ...NO_USAGE, output: 2_500 })
    done.release(true)
    // 0.025 spent against 0.02 expected: later expectations × 1.25.
    const refused = await admitPass(cap, {
      expectedUsd: 0.008,
      largestTurnUsd: 0.02
    })
    expect(refused.need.expectedUsd).toBeCloseTo(0.01, 9)
    expect(refused.refused).toBe(
      'max-cost-usd would be passed ($0.0250 spent; this pass needs ≈$0.0100 expected, and ≈$0.0200 of room for its largest turn)'
    )
  })
})

describe('preflight', () => {
  it('a fatal error or the time budget stops a pass before the cap is asked', async () => {
    const cap = new CostCap(0.0001, MODEL)
    const fatal = await preflight({ cap, model: MODEL }, pass, () => ({
      message: 'the API key was refused'
    }))
    expect(fatal).toMatchObject({
      status: 'not-run',
      stop: 'fatal',
      reason: 'not run: the API key was refused'
    })
    const late = await preflight(
      { cap, model: MODEL, deadline: 0 },
      pass,
      noFatal
    )
    expect(late).toMatchObject({ stop: 'deadline' })
  })

  it('a pass the cap refuses is not run, with what it needed; without a cap every pass starts', async () => {
    const refused = await preflight(
      { cap: new CostCap(0.001, MODEL), model: MODEL },
      pass,
      noFatal
    )
    expect(refused).toMatchObject({ status: 'not-run', stop: 'cost-cap' })
    const { costNeed } = refused as { costNeed: { expectedUsd: number } }
    expect(costNeed.expectedUsd).toBeGreaterThan(0.001)
    expect(await preflight({ model: MODEL }, pass, noFatal)).toEqual({})
  })

  it('a pass admitted after waiting still stops for a fatal error met meanwhile, and gives its share back', async () => {
    const cap = new CostCap(0.2, MODEL)
    const running = cap.admit(0.19)!
    const met: { fatal?: { message: string } } = {}
    const waiting = preflight({ cap, model: MODEL }, pass, () => met.fatal)
    met.fatal = { message: 'the model was not found' }
    running.release()
    expect(await waiting).toMatchObject({ stop: 'fatal' })
    // Its share was released: the whole cap is free again.
    expect(cap.admit(0.2)).toBeDefined()
  })
})
