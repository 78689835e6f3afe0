/**
 * The action's run kinds in process: an ActionRun built by openActionRun
 * against the local servers, with a Step that keeps every line, output,
 * summary and failure, so a module is tested through the interfaces it is
 * given rather than through the bundle.
 */
import { openActionRun } from '../../src/action/action-run.js'
import type { ActionRun } from '../../src/action/action-run.js'
import type { Step } from '../../src/action/step.js'
import type { Logger } from '../../src/logging.js'
import { readSettings } from '../../src/settings.js'
import { LOCAL_PACING } from './action-runner.js'
import { OWNER, REPO } from './local-servers.js'
import type { LocalServers } from './local-servers.js'
import type { ReviewFixture } from './review-fixture.js'

export interface MemoryStep extends Step {
  /** Every log line as `level: text`. */
  lines: string[]
  /** Every setOutput call, in order (an output set twice shows twice). */
  outputCalls: Array<[string, string]>
  outputs: Record<string, string>
  failures: string[]
  summaries: string[]
  secrets: string[]
}

export function memoryStep(): MemoryStep {
  const lines: string[] = []
  const at =
    (level: string) =>
    (line: string): void => {
      lines.push(`${level}: ${line}`)
    }
  const log: Logger = {
    info: at('info'),
    debug: at('debug'),
    notice: at('notice'),
    warning: at('warning'),
    error: at('error'),
    group: (name, fn) => {
      lines.push(`group: ${name}`)
      return fn()
    }
  }
  const step: MemoryStep = {
    log,
    lines,
    outputCalls: [],
    outputs: {},
    failures: [],
    summaries: [],
    secrets: [],
    setOutput: (name, value) => {
      step.outputCalls.push([name, String(value)])
      step.outputs[name] = String(value)
    },
    setSecret: (secret) => step.secrets.push(secret),
    fail: (message) => step.failures.push(message),
    summarize: async (...parts) => {
      step.summaries.push(parts.filter(Boolean).join('\n\n'))
    }
  }
  return step
}

/** Outputs set more than once: every path sets each output exactly once. */
export function setTwice(step: MemoryStep): string[] {
  const names = step.outputCalls.map(([name]) => name)
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))]
}

/** An ActionRun of OWNER/REPO on `eventName`, its checkout the fixture's, with these inputs. */
export async function actionRunOn(
  servers: LocalServers,
  f: ReviewFixture | undefined,
  inputs: Record<string, string> = {},
  eventName = 'pull_request'
): Promise<ActionRun & { step: MemoryStep }> {
  const all: Record<string, string> = {
    'github-token': 'ghs_job_token',
    'anthropic-api-key': servers.anthropic.apiKey,
    'anthropic-base-url': servers.urls.anthropic,
    'request-pacing': LOCAL_PACING,
    ...inputs
  }
  const step = memoryStep()
  const run = await openActionRun(
    readSettings((name) => all[name] ?? '', {}),
    {
      eventName,
      owner: OWNER,
      repo: REPO,
      apiUrl: servers.urls.github,
      serverUrl: 'https://github.com',
      workspace: f?.repo.dir
    },
    step
  )
  return { ...run, step }
}
