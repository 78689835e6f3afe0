import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { ConfigurationError, unlessCode } from '../errors.js'
import type { GitRepository } from '../git/git-repository.js'
import { ExitCode, optionValue, withoutOption } from './cli-flags.js'
import { openRepository } from './local-change.js'
import { pushedRanges } from './pushed-ranges.js'

/** The first line after the shebang: how our hook is told from another. */
const HOOK_MARK = '# architect-review pre-push hook'
/** Where a hook that was there before ours is kept, and run first. */
const CHAINED = 'pre-push.architect-review-chained'

export interface HookIo {
  out: (text: string) => void
  err: (text: string) => void
  /** Standard input, whole (git writes the pushed refs there). */
  stdin: () => Promise<string>
  /** Runs the CLI's review with these arguments; its exit code. */
  review: (argv: string[]) => Promise<number>
  env: NodeJS.ProcessEnv
  /** How the hook starts this CLI again: node and the script. */
  command: { node: string; script: string }
}

export const HOOK_USAGE = `Usage:
  architect-review hook install [review options]   write .git/hooks/pre-push
  architect-review hook uninstall                  remove it (a hook it chained comes back)
  architect-review hook pre-push <remote> [<url>] [review options]
                                                   what the hook runs: reviews each pushed range

The hook reviews exactly what a push sends (remote SHA..local SHA; a new
branch from where it left the remote's default branch; nothing for deletions
and tags) with the review options given to install, e.g. --fail-on high.
Skip it once with: git push --no-verify`

/** `architect-review hook …`; its exit code. */
export async function hookCommand(argv: string[], io: HookIo): Promise<number> {
  const [verb, ...rest] = argv
  const repoFlag = optionValue(rest, '--repo')
  if (verb === 'install')
    return install(
      await openRepository(repoFlag),
      withoutOption(rest, '--repo'),
      io
    )
  if (verb === 'uninstall') return uninstall(await openRepository(repoFlag), io)
  if (verb === 'pre-push') return prePush(rest, io)
  throw new ConfigurationError(
    `${verb === undefined ? 'hook needs a command' : `Unknown hook command '${verb}'`}.\n${HOOK_USAGE}`
  )
}

async function install(
  repo: GitRepository,
  options: string[],
  io: HookIo
): Promise<number> {
  const managed = await repo.config('core.hooksPath')
  if (managed) {
    io.err(
      `architect-review: core.hooksPath is set (${managed}): another tool (husky, lefthook) manages the hooks. Add this line to its pre-push hook instead:\n  ${hookLine(io, options, '"$1"')}\n`
    )
    return ExitCode.Usage
  }
  const path = await repo.gitPath('hooks/pre-push')
  const existing = await readFile(path, 'utf8').catch(
    unlessCode('ENOENT', undefined)
  )
  if (existing !== undefined && !existing.includes(HOOK_MARK)) {
    const chained = await repo.gitPath(`hooks/${CHAINED}`)
    if (
      (await readFile(chained, 'utf8').catch(
        unlessCode('ENOENT', undefined)
      )) !== undefined
    )
      throw new ConfigurationError(
        `${chained} already exists: remove it or run 'architect-review hook uninstall' first.`
      )
    await rename(path, chained)
    io.err(
      `architect-review: the existing pre-push hook now runs first, from ${chained}.\n`
    )
  }
  await writeFile(path, hookScript(io, options))
  await chmod(path, 0o755)
  io.err(
    `architect-review: installed ${path}: every push is reviewed${options.length > 0 ? ` with ${options.join(' ')}` : ''}. Skip it once with: git push --no-verify\n${keyHint(io.env)}`
  )
  return ExitCode.Ok
}

async function uninstall(repo: GitRepository, io: HookIo): Promise<number> {
  const path = await repo.gitPath('hooks/pre-push')
  const existing = await readFile(path, 'utf8').catch(
    unlessCode('ENOENT', undefined)
  )
  if (existing === undefined || !existing.includes(HOOK_MARK)) {
    io.err(`architect-review: no architect-review hook at ${path}.\n`)
    return ExitCode.Ok
  }
  await rm(path)
  const chained = await repo.gitPath(`hooks/${CHAINED}`)
  const restored = await rename(chained, path).then(
    () => true,
    unlessCode('ENOENT', false)
  )
  io.err(
    `architect-review: removed ${path}${restored ? '; the hook it chained is back' : ''}.\n`
  )
  return ExitCode.Ok
}

/** Reviews each range git is pushing; the worst exit code. */
async function prePush(args: string[], io: HookIo): Promise<number> {
  const firstOption = args.findIndex((a) => a.startsWith('-'))
  const positional = firstOption < 0 ? args : args.slice(0, firstOption)
  const options = firstOption < 0 ? [] : args.slice(firstOption)
  const remote = positional[0] || 'origin'
  const repo = await openRepository(optionValue(options, '--repo'))
  const ranges = await pushedRanges(repo, remote, await io.stdin())
  let exit: number = ExitCode.Ok
  for (const range of ranges) {
    if (range.skip) {
      io.err(`architect-review: ${range.ref}: ${range.skip}; not reviewed.\n`)
      continue
    }
    io.err(`architect-review: ${range.ref}: reviewing ${range.why}.\n`)
    const code = await io.review([
      ...withoutOption(options, '--repo'),
      '--repo',
      repo.root,
      '--base',
      range.base,
      '--head',
      range.head
    ])
    exit = Math.max(exit, code)
  }
  if (exit !== ExitCode.Ok)
    io.err(
      `architect-review: the push is blocked. To push without the review this once: git push --no-verify\n${keyHint(io.env)}`
    )
  return exit
}

/** What to set when no key is found, for the hook's user. */
function keyHint(env: NodeJS.ProcessEnv): string {
  if (
    env.ANTHROPIC_API_KEY ||
    env.CLAUDE_CODE_USE_BEDROCK ||
    env.CLAUDE_CODE_USE_VERTEX
  )
    return ''
  return 'No ANTHROPIC_API_KEY in this environment: without it the hook only plans, and a --fail-on gate blocks the push. Export it where git runs (your shell profile, or a tool such as direnv) to review.\n'
}

function hookScript(io: HookIo, options: readonly string[]): string {
  return `#!/bin/sh
${HOOK_MARK} (written by 'architect-review hook install';
# remove it with 'architect-review hook uninstall'). Skip once: git push --no-verify
input=$(cat)
chained="$(dirname "$0")/${CHAINED}"
if [ -x "$chained" ]; then
  printf '%s\\n' "$input" | "$chained" "$@" || exit $?
fi
printf '%s\\n' "$input" | ${hookLine(io, options, '"$@"')}
`
}

/** The command that reviews a push: this CLI's own node and script when they are still there. */
function hookLine(
  io: HookIo,
  options: readonly string[],
  args: string
): string {
  const { node, script } = io.command
  return [
    quote(node),
    quote(script),
    'hook',
    'pre-push',
    args,
    ...options.map(quote)
  ].join(' ')
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word)
    ? word
    : `'${word.replace(/'/g, `'\\''`)}'`
}
