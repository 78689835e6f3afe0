import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { GitAttributes } from '../diff/git-attributes.js'
import { parseGitDiff } from '../diff/git-diff-parser.js'
import { ConfigurationError, getErrorMessage } from '../errors.js'
import { openGitRepository } from '../git/git-repository.js'
import { planChange } from '../plan/plan-change.js'
import { renderPlan } from '../plan/plan-report.js'
import { readSettings } from '../settings.js'

/** Exit codes of the CLI. */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const

const USAGE = `Usage: architect-review [options]

Reviews the local change <base>...<head> like the GitHub Action reviews a PR.
Without ANTHROPIC_API_KEY (or with --plan) it prints the review plan and
its cost estimate.

Options:
  --base <ref>             compare from the merge-base with <ref>
                           (default: the default branch: origin/HEAD, main, master)
  --head <ref>             the change's tip (default: HEAD)
  --repo <path>            the repository (default: the current directory)
  --plan                   print the plan and cost estimate only
  --format <md|json>       output format (default: md)
  --include <globs>        review only matching files (comma-separated)
  --exclude <globs>        skip matching files (comma-separated)
  --areas <list>           api,database,system,security,performance
  --model <id>             Claude model for the estimate (default: claude-sonnet-5-5)
  --max-files <n>          review at most n files (default: 300)
  --max-diff-tokens <n>    diff tokens per review unit (default: 40000)
  -h, --help               show this help

Exit codes: 0 done, 1 failure, 2 usage or configuration error.`

/** Options shared with the action's inputs, by input name. */
const SETTING_FLAGS = [
  'include',
  'exclude',
  'areas',
  'model',
  'max-files',
  'max-diff-tokens'
] as const

/** Runs the CLI; returns its exit code. Output goes to `out`, errors to `err`. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text)
): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        repo: { type: 'string' },
        plan: { type: 'boolean' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(
          SETTING_FLAGS.map((flag) => [flag, { type: 'string' as const }])
        )
      }
    })
    if (values.help) {
      out(`${USAGE}\n`)
      return ExitCode.Ok
    }
    const format = (values.format as string | undefined) ?? 'md'
    if (format !== 'md' && format !== 'json') {
      throw new ConfigurationError(
        `--format must be md or json, got '${format}'.`
      )
    }
    const settings = readSettings((name) => {
      const value = (values as Record<string, unknown>)[name]
      return typeof value === 'string' ? value : ''
    })

    const repo = await openGitRepository(
      resolve((values.repo as string | undefined) ?? '.')
    )
    const head = await repo.resolve(
      (values.head as string | undefined) ?? 'HEAD'
    )
    const baseRef =
      (values.base as string | undefined) ?? (await repo.defaultBase())
    const base = await repo.mergeBase(await repo.resolve(baseRef), head)
    const files = parseGitDiff(await repo.diff(base, head))
    const attributes = new GitAttributes(
      (await repo.show(head, '.gitattributes')) ?? ''
    )
    const { plan, estimate } = planChange(files, settings, attributes)

    const keyPresent = Boolean(env.ANTHROPIC_API_KEY)
    if (format === 'json') {
      out(
        `${JSON.stringify(
          {
            base,
            head,
            areas: settings.areas,
            estimate,
            units: plan.units.map((unit) => ({
              id: unit.id,
              tokens: unit.tokens,
              files: unit.files.map((entry) => ({
                path: entry.file.path,
                part: entry.part,
                hunks: entry.hunks.length
              }))
            })),
            skipped: plan.skipped,
            reviewedFiles: plan.reviewedFiles,
            totalFiles: plan.totalFiles
          },
          null,
          2
        )}\n`
      )
    } else {
      out(
        renderPlan(plan, estimate, settings.areas, {
          title: `${baseRef}...${(values.head as string | undefined) ?? 'HEAD'}`,
          headSha: head,
          unlistedFiles: 0
        }) + '\n'
      )
      if (!values.plan) {
        out(
          keyPresent
            ? 'The review engine is not in this build yet: this is the plan it would follow.\n'
            : 'Set ANTHROPIC_API_KEY to run the review; without it the CLI prints the plan and cost estimate.\n'
        )
      }
    }
    return ExitCode.Ok
  } catch (error) {
    if (error instanceof ConfigurationError || isArgumentError(error)) {
      err(`architect-review: ${getErrorMessage(error)}\n`)
      return ExitCode.Usage
    }
    err(`architect-review failed: ${getErrorMessage(error)}\n`)
    return ExitCode.Failure
  }
}

function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}
