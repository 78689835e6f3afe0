/** Tests for src/action/runner-step.ts: the Step as the Actions runner reads it (files and workflow commands). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runnerLog, runnerStep } from '../src/action/runner-step.js'
import { parseOutputFile } from './helpers/action-runner.js'

describe('runnerStep', () => {
  let dir: string
  const saved = { ...process.env }
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-step-'))
    writeFileSync(join(dir, 'output'), '')
    writeFileSync(join(dir, 'summary'), '')
    process.env.GITHUB_OUTPUT = join(dir, 'output')
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary')
  })
  afterEach(() => {
    process.env = { ...saved }
    process.exitCode = undefined
    rmSync(dir, { recursive: true, force: true })
    vi.restoreAllMocks()
  })

  it('writes outputs to GITHUB_OUTPUT and the job summary to GITHUB_STEP_SUMMARY', async () => {
    const step = runnerStep()
    step.setOutput('critical', 2)
    step.setOutput('findings', '[\n]')
    await step.summarize('## Review', '', 'the plan')
    expect(parseOutputFile(readFileSync(join(dir, 'output'), 'utf8'))).toEqual({
      critical: '2',
      findings: '[\n]'
    })
    expect(readFileSync(join(dir, 'summary'), 'utf8')).toBe(
      '## Review\n\nthe plan\n'
    )
  })

  it('only warns when the runner has no job summary', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    await runnerStep().summarize('text')
    expect(written.join('')).toMatch(
      /^::warning::Could not write the job summary/
    )
  })

  it('fails the step with exit code 1 and an error command', () => {
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    runnerStep().fail('fail-on: high')
    expect(process.exitCode).toBe(1)
    expect(written.join('')).toContain('::error::fail-on: high')
  })

  it('writes info lines inert: text that would start a workflow command is framed by stop-commands', () => {
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    runnerLog.info('title\r::add-mask::x')
    runnerLog.info('plain')
    const [framed, plain] = written
    const token = /^::stop-commands::([0-9a-f]{32})\n/.exec(framed)![1]
    expect(framed).toBe(
      `::stop-commands::${token}\ntitle\n::add-mask::x\n::${token}::\n`
    )
    expect(plain).toBe('plain\n')
  })

  it('groups log lines and returns what the group returns', async () => {
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    const value = await runnerLog.group('Publish', async () => {
      runnerLog.info('inside')
      return 42
    })
    expect(value).toBe(42)
    expect(written.join('')).toBe('::group::Publish\ninside\n::endgroup::\n')
  })
})
