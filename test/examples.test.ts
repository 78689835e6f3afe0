/** Every recipe in examples/ is a complete workflow whose `with:` keys exist in action.yml. */
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { actionMetadata, ROOT } from './helpers/action-metadata.js'

interface Step {
  uses?: string
  with?: Record<string, unknown>
}
interface Workflow {
  name: string
  on: unknown
  permissions?: Record<string, string>
  jobs: Record<
    string,
    { 'runs-on': unknown; steps: Step[]; permissions?: Record<string, string> }
  >
}

const inputs = Object.keys(actionMetadata().inputs)
const dir = resolve(ROOT, 'examples')
const recipes = readdirSync(dir).filter((f) => f.endsWith('.yml'))

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

  it('the README links every recipe', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8')
    for (const file of recipes) expect(readme).toContain(`examples/${file}`)
  })
})
