/**
 * End to end: `node dist/index.js` reviews a pull request of a real git
 * checkout, talking to a local GitHub REST server and a local Messages API
 * server, both on 127.0.0.1.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runAction } from './helpers/action-runner.js'
import type { ActionRunOptions } from './helpers/action-runner.js'
import { LocalAnthropic } from '../dev/anthropic-server.js'
import { LocalGitHub } from '../dev/github-server.js'
import { servePullRequest } from '../dev/pull-request-fixture.js'
import { createReviewFixture, sqlInjection } from './helpers/review-fixture.js'
import { areaOf, report, turnOf } from '../dev/review-script.js'
import type { ReviewFixture } from './helpers/review-fixture.js'

// ajv's draft 2020-12 build is CommonJS.
type Validator = ((data: unknown) => boolean) & { errors?: unknown }
const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020').default as new (
  options: object
) => {
  compile(schema: object): Validator
}

const OWNER = 'octo-org'
const REPO = 'shop'

describe('the action reviewing a pull request', () => {
  let fixture: ReviewFixture
  let github: LocalGitHub
  let anthropic: LocalAnthropic
  let base: Omit<ActionRunOptions, 'inputs'>
  let payload: Record<string, unknown>

  // A request or answer GitHub's OpenAPI description rejects fails the test that caused it.
  afterEach(() => expect(github.takeViolations()).toEqual([]))

  beforeAll(async () => {
    fixture = createReviewFixture()
    github = new LocalGitHub()
    payload = servePullRequest(github, fixture.repo, {
      owner: OWNER,
      repo: REPO,
      number: 7,
      baseSha: fixture.base,
      headSha: fixture.head
    })
    anthropic = new LocalAnthropic((body) => {
      if (areaOf(body) !== 'security') return { content: [report([])] }
      if (turnOf(body) === 0)
        return {
          content: [
            {
              type: 'tool_use',
              name: 'Read',
              input: { file_path: 'src/orders.ts' }
            }
          ]
        }
      return { content: [report([sqlInjection])] }
    })
    base = {
      eventName: 'pull_request',
      payload,
      repository: `${OWNER}/${REPO}`,
      apiUrl: await github.start(),
      workspace: fixture.repo.dir,
      env: { ANTHROPIC_BASE_URL: await anthropic.start() }
    }
  })

  afterAll(async () => {
    await github.stop()
    await anthropic.stop()
    fixture.repo.cleanup()
  })

  it('reviews every area, and reports findings, usage and cost in outputs and the job summary', async () => {
    const run = await runAction({
      ...base,
      inputs: { 'github-token': 'ghs_x', 'anthropic-api-key': anthropic.apiKey }
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(anthropic.rejected).toEqual([])
    expect(github.unexpected).toEqual([])

    const findings = JSON.parse(run.outputs.findings)
    expect(findings).toEqual([
      {
        ...(({ area: _area, ...rest }) => rest)(sqlInjection),
        units: ['unit-1'],
        reports: 1,
        origin: 'new',
        head: expect.stringMatching(/^[0-9a-f]{40}$/),
        status: 'open',
        areas: ['security'],
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        placement: 'inline',
        anchor: { line: 5 },
        suggestionApplies: false,
        // The scripted server gives the verifier no verdict: kept, and said so.
        verification: {
          verdict: 'keep',
          reason: 'the verifier gave no verdict; kept'
        }
      }
    ])
    expect(run.outputs).toMatchObject({
      critical: '1',
      high: '0',
      medium: '0',
      low: '0',
      info: '0',
      'files-reviewed': '2'
    })
    // Every request the run made is counted: the passes', the verifier's and the walkthrough's.
    const requests = [...anthropic.calls, ...anthropic.walkthroughCalls]
    expect(anthropic.walkthroughCalls).toHaveLength(1)
    const billed = requests.reduce(
      (sum, c) =>
        sum +
        c.usage.input_tokens +
        c.usage.cache_creation_input_tokens +
        c.usage.cache_read_input_tokens,
      0
    )
    expect(Number(run.outputs['input-tokens'])).toBe(billed)
    expect(Number(run.outputs['output-tokens'])).toBe(
      requests.reduce((sum, c) => sum + c.usage.output_tokens, 0)
    )
    expect(Number(run.outputs['cost-usd'])).toBeGreaterThan(0)

    // The output matches the published JSON Schema.
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      JSON.parse(
        readFileSync(
          resolve(import.meta.dirname, '../docs/findings.schema.json'),
          'utf8'
        )
      )
    )
    expect(validate(findings), JSON.stringify(validate.errors)).toBe(true)

    const document = JSON.parse(run.findingsFile!)
    expect(document).toMatchObject({
      version: 2,
      reference: `${OWNER}/${REPO}#7`,
      headSha: fixture.head,
      complete: true,
      withheldTools: ['Write', 'MultiEdit', 'Bash']
    })
    expect(document.passes).toHaveLength(5)

    expect(run.summary).toContain('## architect-review findings')
    expect(run.summary).toMatch(
      /\| critical \| security \| `src\/orders.ts:5` \| SQL injection in findOrder \|/
    )
    expect(run.summary).toContain(
      'withheld (not read-only): Write, MultiEdit, Bash'
    )
    expect(run.summary).toContain('## architect-review plan: PR #7')
    // The key is masked and never printed.
    expect(run.stdout).toContain(`::add-mask::${anthropic.apiKey}`)
    expect(
      run.stdout.replace(`::add-mask::${anthropic.apiKey}`, '')
    ).not.toContain(anthropic.apiKey)
  })

  it('plans only and exits neutral with a notice on a fork PR without a key', async () => {
    const fork = structuredClone(payload)
    ;(
      fork.pull_request as { head: { repo: { full_name: string } } }
    ).head.repo.full_name = 'someone/shop'
    const run = await runAction({
      ...base,
      payload: fork,
      inputs: { 'github-token': 'ghs_x' },
      env: {}
    })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(
      /::notice::No Anthropic API key: GitHub does not pass secrets to workflows run for pull requests from forks/
    )
    expect(run.summary).toContain('## architect-review plan: PR #7')
    expect(run.outputs['files-reviewed']).toBe('2')
  })

  it('plans only in dry-run without a key', async () => {
    const run = await runAction({
      ...base,
      inputs: { 'github-token': 'ghs_x', 'dry-run': 'true' },
      env: {}
    })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      '::notice::dry-run without an Anthropic API key'
    )
    expect(run.summary).toContain('## architect-review plan: PR #7')
  })

  it('fails naming the input when a same-repository PR has no key', async () => {
    const run = await runAction({
      ...base,
      inputs: { 'github-token': 'ghs_x' },
      env: {}
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      "::error::Configuration error: Input 'anthropic-api-key' is empty"
    )
  })

  it('fails fast and clearly on an invalid API key', async () => {
    const before = anthropic.calls.length
    const run = await runAction({
      ...base,
      inputs: {
        'github-token': 'ghs_x',
        'anthropic-api-key': 'sk-ant-wrong',
        incremental: 'false'
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      '::error::Configuration error: The Anthropic API rejected the API key (401)'
    )
    expect(anthropic.calls.length).toBe(before)
  })
})
