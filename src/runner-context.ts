import { ConfigurationError } from './errors.js'

/** What the Actions runner tells a step through its environment. */
export interface RunnerContext {
  eventName: string
  /** Path of the webhook payload JSON. */
  eventPath?: string
  owner: string
  repo: string
  /** REST API root; GitHub Enterprise Server sets its own. */
  apiUrl: string
  serverUrl: string
  /** The checkout, when the job has one. */
  workspace?: string
}

/** Reads the runner's environment (GITHUB_* variables). */
export function readRunnerContext(
  env: NodeJS.ProcessEnv = process.env
): RunnerContext {
  const repository = env.GITHUB_REPOSITORY ?? ''
  const [owner, repo] = repository.split('/')
  if (!owner || !repo) {
    throw new ConfigurationError(
      `GITHUB_REPOSITORY is '${repository}', expected 'owner/repo'. architect-review runs as a step of a GitHub Actions job; to review locally, run the CLI from a clone (README, "The CLI": npm link, then architect-review --help).`
    )
  }
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    eventPath: env.GITHUB_EVENT_PATH || undefined,
    owner,
    repo,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(
      /\/+$/,
      ''
    ),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(
      /\/+$/,
      ''
    ),
    workspace: env.GITHUB_WORKSPACE || undefined
  }
}
