import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { getErrorMessage } from '../errors.js'

const run = promisify(execFile)

/** A fetch of one commit should take seconds; a hung remote must not hold the job. */
const FETCH_TIMEOUT_MS = 120_000

/**
 * Fetches one commit (depth 1, by SHA) into a checkout that lacks it, with
 * the credentials the checkout already has (actions/checkout keeps its token
 * in the repository's git config). `actions/checkout`'s default fetches only
 * the merge commit, so the PR's head is not there. No hooks run: hooksPath
 * points nowhere and fetch runs no code from the repository.
 * Returns undefined on success, else why it failed.
 */
export async function fetchCommit(
  workspace: string,
  sha: string
): Promise<string | undefined> {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha))
    return `'${sha}' is not a full commit SHA`
  try {
    await run(
      'git',
      [
        '-c',
        'core.hooksPath=/dev/null',
        'fetch',
        '--no-tags',
        '--no-recurse-submodules',
        '--no-write-fetch-head',
        '--depth=1',
        'origin',
        sha
      ],
      {
        cwd: workspace,
        timeout: FETCH_TIMEOUT_MS,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          LC_ALL: 'C'
        }
      }
    )
    return undefined
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim()
    return (stderr || getErrorMessage(error)).split('\n').slice(-2).join(' ')
  }
}
