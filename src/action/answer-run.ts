import type { ThreadQuestion } from '../review/thread-prompt.js'
import { CostCap } from '../review/cost-cap.js'
import { answerThread } from '../review/thread-answer.js'
import type { ThreadAnswer } from '../review/thread-answer.js'
import { executeTool } from '../review/tool-runner.js'
import { reviewToolsOf } from '../pipeline/review-tools.js'
import { subjectOf } from '../pull-request/pull-request.js'
import type { PullRequest } from '../pull-request/pull-request.js'
import { readTool } from '../tools/read-tool.js'
import { Sandbox } from '../tools/sandbox.js'
import type { ActionRun } from './action-run.js'
import { headView } from './action-run.js'
import { loadReviewer } from './review-run.js'

/**
 * A reply in one of our threads: the agent answers with its read-only
 * tools on the pull request's head, shown the finding's lines first.
 */
export async function answerInThread(
  pullRequest: PullRequest,
  question: Omit<ThreadQuestion, 'subject' | 'code'>,
  run: ActionRun
): Promise<ThreadAnswer> {
  // Comment events read the reviewer from the base commit whatever the PR
  // changes (configSource), so no file list is needed to choose where from.
  const reviewer = await loadReviewer(pullRequest, [], run)
  const repository = (await headView(pullRequest, run, true))!
  const toolContext = {
    files: repository,
    sandbox: new Sandbox(run.runner.workspace, run.settings.blockedPaths)
  }
  const { line, path } = question.finding
  const code = await executeTool(
    [readTool],
    'Read',
    { file_path: path, offset: Math.max(1, line - 20), limit: 40 },
    toolContext
  )
  return answerThread({
    question: {
      ...question,
      code: code.content,
      subject: subjectOf(pullRequest)
    },
    agentPrompt: reviewer.agent.systemPrompt,
    model: reviewer.model,
    maxTurns: run.settings.maxTurns,
    tools: reviewToolsOf(reviewer.agent, repository),
    toolContext,
    client: run.modelClient(),
    // The same max-cost-usd as a review: an answer is a run of its own.
    cap:
      run.settings.maxCostUsd === undefined
        ? undefined
        : new CostCap(run.settings.maxCostUsd, reviewer.model)
  })
}
