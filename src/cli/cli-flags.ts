import { parseArgs } from 'node:util'
import { ConfigurationError } from '../errors.js'
import type { SettingNames } from '../settings.js'

/** Exit codes of the CLI. */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const

export const OUTPUT_FORMATS = ['md', 'json', 'sarif'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export const USAGE = `Usage: architect-review [options]
       architect-review hook install|uninstall [options]   a pre-push gate
       architect-review agent check <file|name>            validate an agent
       architect-review benchmark --set martian|aacr        measure on public labelled PRs

Reviews the local change <base>...<head> like the GitHub Action reviews a
pull request. With ANTHROPIC_API_KEY set it runs the review; without it (or
with --plan) it prints the review plan and its cost estimate. Results go to
stdout, progress to stderr.

Change:
  --repo <path>            the repository (default: the current directory)
  --base <ref>             compare from the merge-base with <ref>
                           (default: origin/HEAD, else main, else master)
  --head <ref>             the change's tip (default: HEAD)

What was reviewed before (kept under .git/architect-review):
  --full                   review every pass again, whatever earlier runs covered
  --ignore <fingerprints>  treat these findings as accepted (comma-separated, from
                           the JSON output), like the ignore list of
                           .github/architect-review.yml
  --forget                 forget the earlier reviews of this repository and exit

Output:
  --plan                   print the plan and cost estimate only
  --show-context           print each unit's gathered context as the reviewer
                           is shown it (what went in and why, what was left
                           out); no key needed
  --format <md|json|sarif> results on stdout (default: md)
  -q, --quiet              no progress on stderr
  -V, --version            print the version
  -h, --help               show this help

Review:
  --agent <name|path>      reviewer: a bundled agent or a file in the repo
                           (default: backend-architect)
  --areas <list>           api,database,system,security,performance
  --model <id>             Claude model (default: the agent's, else claude-sonnet-5-5)
  --effort <level>         low, medium, high, xhigh or max
  --instructions <text>    team guidance added to the review protocol
  --include <globs>        review only matching files (comma-separated)
  --exclude <globs>        skip matching files (comma-separated)
  --blocked-paths <globs>  files the model may never read, added to the defaults
  --max-files <n>          review at most n files (default: 300)
  --max-diff-tokens <n>    diff tokens per review unit (default: 40000)
  --max-turns <n>          model turns per area pass (default: 8)
  --max-context-tokens <n> repository context gathered per unit (default: 12000)
  --concurrency <n>        area passes at once (default: 5)
  --time-budget <minutes>  minutes the command may take: no pass starts after
                           four fifths of it; what did not run is reported
                           and exits 1
  --max-cost-usd <dollars> start no pass that could take the model cost past
                           this; what did not run is reported and exits 1

Findings and gate:
  --fail-on <severity>     exit 1 when an open finding is at or above it
                           (critical, high, medium, low, info: any finding;
                           default: none)
  --min-severity <s>       report findings at or above it (default: info)
  --min-confidence <0..1>  report findings at least this sure (default: 0.5)
  --verify <severities>    findings a second call checks (default: critical,high;
                           none turns it off)
  --verify-model <id>      the model that checks them (default: claude-haiku-5-5)
  --walkthrough <bool>     begin with a walkthrough of the change, written by the
                           verify model (default: true)

Spreading a review over several runs (see the README):
  --shard <i/n>            run only shard i of n and print (or write) its file
  --shard-file <path>      where --shard writes its file (default: stdout)
  --passes-per-shard <n>   passes one shard takes at most (default: 25)
  --merge-from <glob>      merge shard files instead of running passes

Where Claude is reached:
  --provider <name>        anthropic (default), bedrock or vertex
  --anthropic-base-url <url>  Messages API root (default: ANTHROPIC_BASE_URL)
  --aws-region <region>    Bedrock region (default: AWS_REGION)
  --vertex-region <region> Vertex region (default: CLOUD_ML_REGION)
  --vertex-project-id <id> Vertex project (default: ANTHROPIC_VERTEX_PROJECT_ID)
  --request-pacing <0..10> scale of the back-off between retries (default: 1,
                           Anthropic's guidance; lower only for local servers)

Environment:
  ANTHROPIC_API_KEY        the key for --provider anthropic; without it the
                           CLI prints the plan and cost estimate

Exit codes:
  0  reviewed, every pass complete, the gate passed (or plan only)
  1  a pass did not complete, --fail-on tripped, or the API refused the review
  2  usage or configuration error (bad flag or value, unknown ref, no repository)`

/** Flags that carry the action's inputs, under the inputs' names. */
export const SETTING_FLAGS = [
  'include',
  'exclude',
  'areas',
  'model',
  'agent',
  'effort',
  'instructions',
  'blocked-paths',
  'max-files',
  'max-diff-tokens',
  'max-turns',
  'concurrency',
  'time-budget',
  'max-cost-usd',
  'request-pacing',
  'anthropic-base-url',
  'provider',
  'aws-region',
  'vertex-region',
  'vertex-project-id',
  'max-context-tokens',
  'verify',
  'verify-model',
  'walkthrough',
  'fail-on',
  'min-severity',
  'min-confidence',
  'shard',
  'passes-per-shard',
  'merge-from'
] as const

/** The CLI's names for settings in messages: flags, not inputs. */
export const FLAG_NAMES: SettingNames = {
  label: (input) => `--${input}`,
  example: (input, value) => `--${input} ${value}`
}

export interface CliFlags {
  repo?: string
  base?: string
  head?: string
  plan: boolean
  /** Print each unit's gathered context instead of reviewing. */
  showContext: boolean
  /** Every pass, whatever earlier local reviews covered. */
  full: boolean
  forget: boolean
  /** Fingerprints to treat as accepted, with the repository's ignore list. */
  ignore: string[]
  format: OutputFormat
  quiet: boolean
  help: boolean
  version: boolean
  /** Where --shard writes its file; undefined: stdout. */
  shardFile?: string
  /** The action's inputs given as flags, by input name. */
  settings: Record<string, string>
}

/** Parses argv; a ConfigurationError naming the flag for anything wrong. */
export function parseFlags(argv: string[]): CliFlags {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        repo: { type: 'string' },
        plan: { type: 'boolean' },
        'show-context': { type: 'boolean' },
        full: { type: 'boolean' },
        ignore: { type: 'string' },
        forget: { type: 'boolean' },
        format: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
        'shard-file': { type: 'string' },
        ...Object.fromEntries(
          SETTING_FLAGS.map((flag) => [flag, { type: 'string' as const }])
        )
      }
    }).values
  } catch (error) {
    throw new ConfigurationError(argumentProblem(error), { cause: error })
  }
  const format = (values.format as string | undefined) ?? 'md'
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format))
    throw new ConfigurationError(
      `--format must be one of ${OUTPUT_FORMATS.join(', ')}, got '${format}'.`
    )
  return {
    repo: values.repo as string | undefined,
    base: values.base as string | undefined,
    head: values.head as string | undefined,
    plan: values.plan === true,
    showContext: values['show-context'] === true,
    full: values.full === true,
    ignore: String(values.ignore ?? '')
      .split(',')
      .map((fp) => fp.trim())
      .filter(Boolean),
    forget: values.forget === true,
    format: format as OutputFormat,
    quiet: values.quiet === true,
    help: values.help === true,
    version: values.version === true,
    shardFile: values['shard-file'] as string | undefined,
    settings: Object.fromEntries(
      SETTING_FLAGS.flatMap((flag) =>
        typeof values[flag] === 'string' ? [[flag, values[flag]]] : []
      )
    )
  }
}

/** node:util's parse errors, said with the fix. */
function argumentProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string }
  const text = message ?? String(error)
  const unknown = /Unknown option '([^']+)'/.exec(text)
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown)
    return `Unknown option '${unknown[1]}'. Run architect-review --help for the options.`
  const missing = /Option '([^']+)' argument missing/.exec(text)
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && missing)
    return `Option '${missing[1]}' needs a value. Run architect-review --help for the options.`
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return `${text.replace(/\.?$/, '.')} Options take the form --name value; run architect-review --help.`
  return text
}

/** A subcommand's `--flag value` (hook, agent: their options pass through to the review). */
export function optionValue(
  args: readonly string[],
  flag: string
): string | undefined {
  const at = args.indexOf(flag)
  return at >= 0 ? args[at + 1] : undefined
}

/** The arguments without `--flag value`. */
export function withoutOption(args: readonly string[], flag: string): string[] {
  const at = args.indexOf(flag)
  return at < 0 ? [...args] : [...args.slice(0, at), ...args.slice(at + 2)]
}
