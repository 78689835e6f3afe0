/**
 * Runs the CLI bundled from the current source (`.test-bundle/cli`, built by
 * test/global-setup.ts as `npm run package` builds dist/cli) as a user does:
 * a child process.
 */
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'

export const CLI = resolve(
  import.meta.dirname,
  '../../.test-bundle/cli/index.js'
)

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** A clean environment: the PATH and HOME of this process, nothing of CI's, plus `env`. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    ...env
  }
}

/** `node bin/architect-review.js …args` with stdout and stderr as pipes. */
export function runBuiltCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {}
): Promise<CliRun> {
  return run(process.execPath, [CLI, ...args], options)
}

/** A bash command line (pipes, `set -o pipefail`), `$CLI` set to the built CLI. */
export function runShell(
  script: string,
  options: { env?: Record<string, string>; cwd?: string } = {}
): Promise<CliRun> {
  return run('bash', ['-c', script], {
    ...options,
    env: { ...options.env, CLI: `${process.execPath} ${CLI}` }
  })
}

function run(
  file: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string }
): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: cliEnv(options.env),
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) =>
        done({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr
        })
    )
  })
}
