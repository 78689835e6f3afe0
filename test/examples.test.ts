/** Every recipe in examples/ is a complete workflow whose `with:` keys exist in action.yml. */
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parse } from 'yaml'
import { actionMetadata, ROOT } from './helpers/action-metadata.js'

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
interface Workflow {
  name: string
  on: unknown
  permissions?: Record<string, string>
  jobs: Record<
    string,
    {
      'runs-on': unknown
      steps: Step[]
      permissions?: Record<string, string>
      if?: string
    }
  >
}

const inputs = Object.keys(actionMetadata().inputs)
const dir = resolve(ROOT, 'examples')
const recipes = readdirSync(dir).filter((f) => f.endsWith('.yml'))

const read = (file: string): Workflow =>
  parse(readFileSync(resolve(dir, file), 'utf8')) as Workflow
const ourSteps = (workflow: Workflow): Step[] =>
  Object.values(workflow.jobs).flatMap((job) =>
    job.steps.filter((step) =>
      step.uses?.startsWith('your-org/architect-review@')
    )
  )

describe('examples/', () => {
  it('has the recipes the README promises', () => {
    expect(recipes.sort()).toEqual(
      [
        'bedrock.yml',
        'block-merges.yml',
        'cost-control.yml',
        'custom-agent.yml',
        'fork-friendly.yml',
        'fork-safe-commands.yml',
        'github-enterprise-server.yml',
        'manual-dispatch.yml',
        'pr-commands.yml',
        'review-every-pr.yml',
        'select-areas.yml',
        'sharded-review.yml',
        'thread-answers.yml',
        'upload-sarif.yml',
        'vertex.yml'
      ].sort()
    )
  })

  it.each(recipes)(
    '%s is a complete workflow using only inputs that exist',
    (file) => {
      const workflow = parse(
        readFileSync(resolve(dir, file), 'utf8')
      ) as Workflow
      expect(workflow.name).toBeTruthy()
      expect(workflow.on).toBeTruthy()
      const jobs = Object.values(workflow.jobs)
      expect(jobs.length).toBeGreaterThan(0)
      const ours = jobs.flatMap((job) =>
        job.steps.filter((step) =>
          step.uses?.startsWith('your-org/architect-review@')
        )
      )
      expect(ours.length).toBeGreaterThan(0)
      for (const step of ours)
        for (const key of Object.keys(step.with ?? {}))
          expect(inputs, `${file}: with.${key}`).toContain(key)
      // Least privilege is explicit in every recipe; the review needs pull-requests: write.
      const permissions = workflow.permissions ?? jobs[0].permissions
      expect(permissions?.['pull-requests']).toBe('write')
      expect(Object.values(permissions ?? {})).not.toContain('write-all')
    }
  )

  it.each(recipes)('%s is a valid workflow to GitHub’s own parser', (file) => {
    const parsed = parseWorkflow(
      { name: file, content: readFileSync(resolve(dir, file), 'utf8') },
      new NoOperationTraceWriter()
    )
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([])
  })

  it('pins every third-party action by commit SHA, with its tag in a comment', () => {
    for (const file of recipes) {
      const text = readFileSync(resolve(dir, file), 'utf8')
      for (const [, action, ref, comment] of text.matchAll(
        /uses: ([\w.-]+\/[\w./-]+)@(\S+)(.*)$/gm
      )) {
        // GitHub's own actions and this one (pinned by the user) aside.
        if (/^(actions|github|your-org)\//.test(action)) continue
        expect(ref, `${file}: ${action}`).toMatch(/^[0-9a-f]{40}$/)
        expect(comment, `${file}: ${action}`).toMatch(/^ # v\d+(\.\d+)*$/)
      }
    }
  })

  it('gives the Bedrock and Vertex recipes a state-secret: no Anthropic key seals their state', () => {
    for (const file of ['bedrock.yml', 'vertex.yml']) {
      const step = ourSteps(read(file))[0]
      expect(step.with?.['state-secret'], file).toBe(
        '${{ secrets.ARCHITECT_REVIEW_STATE_SECRET }}'
      )
    }
  })

  it('block-merges: a required check that a fork without secrets cannot fail, and that gates whenever the key is there', () => {
    const step = ourSteps(read('block-merges.yml'))[0]
    expect(step.with?.['fail-on']).toBe(
      "${{ secrets.ANTHROPIC_API_KEY != '' && 'high' || 'none' }}"
    )
  })

  it('fork-friendly: reviews only on the label, takes the label off on every push, and caps the spend', () => {
    const workflow = read('fork-friendly.yml')
    expect(workflow.on).toEqual({
      pull_request_target: { types: ['labeled', 'synchronize'] }
    })
    expect(workflow.jobs.review.if).toBe(
      "github.event.action == 'labeled' && github.event.label.name == 'ai-review'"
    )
    expect(ourSteps(workflow)[0].with?.['max-cost-usd']).toBeTruthy()
    expect(workflow.jobs.unlabel.if).toContain(
      "github.event.action == 'synchronize'"
    )
    expect(workflow.jobs.unlabel.steps[0].run).toContain(
      '--remove-label ai-review'
    )
  })

  it('the README links every recipe', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8')
    for (const file of recipes) expect(readme).toContain(`examples/${file}`)
  })
})
