/**
 * The code of a set's PRs: each PR's base and head commits (given by the
 * set, or read once from the PR through GitHub's API and kept in the
 * results folder), fetched shallow into one bare repository per project
 * in the cache, where the review reads them as it reads any commit.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { getErrorMessage } from '../errors.js'
import type { BenchmarkCase } from './benchmark-sets.js'

const run = promisify(execFile)

export interface PrCommits {
  base: string
  head: string
}

export interface SourceOptions {
  cacheDir: string
  resultsDir: string
  /** Where repositories are cloned from: https://github.com, or a folder of `owner/name.git` repositories. */
  gitUrl: string
  apiUrl: string
  token?: string
}

/** Base and head of every case: the set's, then those resolved before, then asked of the API (and stored). */
export async function resolveCommits(
  cases: readonly BenchmarkCase[],
  options: SourceOptions
): Promise<Map<string, PrCommits | { error: string }>> {
  const file = join(options.resultsDir, 'resolved.json')
  const stored = JSON.parse(
    await readFile(file, 'utf8').catch(() => '{}')
  ) as Record<string, PrCommits>
  const resolved = new Map<string, PrCommits | { error: string }>()
  let asked = false
  for (const c of cases) {
    const known =
      c.base && c.head ? { base: c.base, head: c.head } : stored[c.id]
    if (known) {
      resolved.set(c.id, known)
      continue
    }
    try {
      resolved.set(c.id, (stored[c.id] = await askPull(c, options)))
      asked = true
    } catch (error) {
      // One PR the API refuses fails alone; the others run.
      resolved.set(c.id, { error: getErrorMessage(error) })
    }
  }
  if (asked) {
    await mkdir(options.resultsDir, { recursive: true })
    await writeFile(file, `${JSON.stringify(stored, null, 2)}\n`)
  }
  return resolved
}

async function askPull(
  c: BenchmarkCase,
  options: SourceOptions
): Promise<PrCommits> {
  const url = `${options.apiUrl.replace(/\/+$/, '')}/repos/${c.repo}/pulls/${c.number}`
  const response = await fetch(url, {
    headers: {
      accept: 'application/vnd.github+json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {})
    }
  }).catch((error: unknown) => {
    throw new Error(
      `Cannot read ${c.url} from the GitHub API (${getErrorMessage(error)}).`
    )
  })
  if (!response.ok)
    throw new Error(
      `The GitHub API answered ${response.status} for ${c.url}${response.status === 403 ? ' (rate limit: pass --token or set GITHUB_TOKEN)' : ''}.`
    )
  const pull = (await response.json()) as {
    base?: { sha?: string }
    head?: { sha?: string }
  }
  if (!pull.base?.sha || !pull.head?.sha)
    throw new Error(`${c.url}: the API gave no base or head commit.`)
  return { base: pull.base.sha, head: pull.head.sha }
}

/** The cached bare repository of a project. */
export const repositoryDir = (cacheDir: string, repo: string): string =>
  join(cacheDir, 'repos', `${repo.replace('/', '+')}.git`)

/** Fetches into one repository, one at a time: git locks its shallow file, and two fetches at once fail. */
const fetching = new Map<string, Promise<unknown>>()

/** The bare repository holding `commits` of `repo`, fetched shallow where missing. */
export function fetchCommits(
  repo: string,
  commits: readonly string[],
  options: Pick<SourceOptions, 'cacheDir' | 'gitUrl' | 'token'>
): Promise<string> {
  const before = fetching.get(repo) ?? Promise.resolve()
  const fetched = before
    .catch(() => undefined)
    .then(() => fetchInto(repo, commits, options))
  fetching.set(repo, fetched)
  return fetched
}

async function fetchInto(
  repo: string,
  commits: readonly string[],
  options: Pick<SourceOptions, 'cacheDir' | 'gitUrl' | 'token'>
): Promise<string> {
  const dir = repositoryDir(options.cacheDir, repo)
  if (!existsSync(dir)) {
    await mkdir(dir, { recursive: true })
    await run('git', ['init', '--bare', '--quiet', dir])
  }
  const missing: string[] = []
  for (const commit of commits)
    if (!(await has(dir, commit))) missing.push(commit)
  if (missing.length === 0) return dir
  const base = options.gitUrl.replace(/\/+$/, '')
  const url = /^[a-z]+:\/\//.test(base)
    ? `${base}/${repo}.git`
    : join(base, `${repo}.git`)
  await run(
    'git',
    ['-C', dir, 'fetch', '--quiet', '--no-tags', '--depth=1', url, ...missing],
    {
      env: {
        ...process.env,
        ...credentials(options.token),
        GIT_TERMINAL_PROMPT: '0'
      },
      maxBuffer: 16 * 1024 * 1024
    }
  ).catch((error: { stderr?: string }) => {
    throw new Error(
      `Cannot fetch ${missing.map((c) => c.slice(0, 12)).join(', ')} of ${repo} from ${url}: ${(error.stderr ?? String(error)).trim().split('\n').at(-1)}`
    )
  })
  return dir
}

async function has(dir: string, commit: string): Promise<boolean> {
  return run('git', ['-C', dir, 'cat-file', '-e', `${commit}^{commit}`]).then(
    () => true,
    () => false
  )
}

/** The token as git's HTTP header, through the environment (never on a command line others can list). */
function credentials(token: string | undefined): NodeJS.ProcessEnv {
  if (!token) return {}
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
  }
}
