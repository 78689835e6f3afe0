/**
 * Runs the action bundled from the current source (`node .test-bundle/index.js`,
 * built by test/global-setup.ts as `npm run package` builds dist/) with the
 * environment the Actions runner gives a step, and reads back its outputs
 * and summary.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface ActionRun {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** The content of the findings-file output, read before the temp folder goes. */
  findingsFile?: string
  /** The content of the sarif-file output. */
  sarifFile?: string
}

export interface ActionRunOptions {
  inputs: Record<string, string>
  eventName: string
  payload: unknown
  repository: string
  apiUrl: string
  workspace?: string
  env?: Record<string, string>
}

/** `request-pacing` against the local servers: GitHub's 1 s and 3 s write spacing become 10 and 30 ms. */
export const LOCAL_PACING = '0.01'

/** The action bundled from the current source by test/global-setup.ts. */
export const ACTION_ENTRY = resolve(
  import.meta.dirname,
  '../../.test-bundle/index.js'
)

export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'architect-review-run-'))
  try {
    const eventPath = join(dir, 'event.json')
    const outputPath = join(dir, 'output')
    const summaryPath = join(dir, 'summary')
    writeFileSync(eventPath, JSON.stringify(options.payload))
    writeFileSync(outputPath, '')
    writeFileSync(summaryPath, '')
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: options.repository,
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      RUNNER_TEMP: dir,
      ...(options.workspace ? { GITHUB_WORKSPACE: options.workspace } : {}),
      ...options.env
    }
    // The runner names inputs INPUT_<NAME>, upper-cased, spaces as underscores, dashes kept.
    // Local servers have no rate limits: waits are paced down unless a test sets its own.
    const inputs = { 'request-pacing': LOCAL_PACING, ...options.inputs }
    for (const [name, value] of Object.entries(inputs)) {
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
    }
    const { exitCode, stdout, stderr } = await new Promise<{
      exitCode: number
      stdout: string
      stderr: string
    }>((done) => {
      execFile(
        process.execPath,
        [ACTION_ENTRY],
        { env, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? ((error as { code?: number }).code ?? 1) : 0
          done({
            exitCode: typeof code === 'number' ? code : 1,
            stdout,
            stderr
          })
        }
      )
    })
    const outputs = parseOutputFile(readFileSync(outputPath, 'utf8'))
    return {
      exitCode,
      stdout,
      stderr,
      outputs,
      summary: readFileSync(summaryPath, 'utf8'),
      findingsFile: outputs['findings-file']
        ? readFileSync(outputs['findings-file'], 'utf8')
        : undefined
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Reads the `name<<DELIMITER … DELIMITER` records @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i])
    outputs[name] = value.join('\n')
  }
  return outputs
}
