import { gatherContext } from '../context/gather-context.js'
import type { GatheredContext } from '../context/gather-context.js'
import type { ReviewOutcome } from '../outcome/review-outcome.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import type { ReviewSettings } from '../settings.js'
import { Sandbox } from '../tools/sandbox.js'
import { Limiter } from '../review/limiter.js'
import { CONTEXT_CONCURRENCY } from '../review/unit-contexts.js'

/** One unit's context as the reviewer is shown it. */
export interface UnitContext extends GatheredContext {
  unit: string
  files: string[]
}

/**
 * `--show-context`: each unit's gathered context, exactly as a review
 * would put it before the model, without a key or any model call.
 */
export async function unitContexts(
  outcome: ReviewOutcome,
  repository: RepositoryFiles,
  workspace: string,
  settings: Pick<ReviewSettings, 'blockedPaths' | 'maxContextTokens'>
): Promise<UnitContext[]> {
  const tools = {
    files: repository,
    sandbox: new Sandbox(workspace, settings.blockedPaths)
  }
  // As the review gathers them: a few units at once.
  const limiter = new Limiter(CONTEXT_CONCURRENCY)
  return Promise.all(
    outcome.planned.plan.units.map((unit) =>
      limiter.run(async () => ({
        unit: unit.id,
        files: unit.files.map((f) => f.file.path),
        ...(await gatherContext(unit, tools, settings.maxContextTokens))
      }))
    )
  )
}

/** The contexts as Markdown: per unit, what went in (and why), the text, and what was left out. */
export function renderContexts(contexts: readonly UnitContext[]): string {
  const lines: string[] = []
  for (const c of contexts) {
    lines.push(
      `## ${c.unit} context: ≈${c.tokens.toLocaleString('en-US')} tokens`,
      '',
      `Files of the unit: ${c.files.map((f) => `\`${f}\``).join(', ')}`,
      '',
      '### Included',
      '',
      ...(c.included.length > 0
        ? c.included.map((i) => `- ${i}`)
        : ['- nothing']),
      '',
      '### Left out for lack of room (the model can Read them)',
      '',
      ...(c.omitted.length > 0
        ? c.omitted.map((o) => `- ${o}`)
        : ['- nothing']),
      ''
    )
    if (c.text) lines.push('### As the reviewer sees it', '', c.text, '')
  }
  return `${lines.join('\n')}\n`
}
