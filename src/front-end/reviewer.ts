import {
  DEFAULT_AGENT,
  loadAgent,
  selectAreas
} from '../agents/agent-loader.js'
import type { AgentLocation } from '../agents/agent-loader.js'
import type { Agent, ReviewArea } from '../agents/agent.js'
import { DEFAULT_MODEL } from '../settings.js'
import { unpricedModelWarning } from '../vocabulary/model-pricing.js'
import type { ReviewSettings, SettingNames } from '../settings.js'

/** Who reviews: the agent, the areas asked of it and the model. */
export interface Reviewer {
  agent: Agent
  areas: ReviewArea[]
  model: string
  /** What the front end should warn about before anything is paid (a model without a known price). */
  warnings: string[]
}

/**
 * The reviewer the settings name, as the action, the CLI and the eval kit
 * resolve it: the agent (bundled, or a file of the repository read where
 * `from` says), its areas (those of `areas`, or a command's), and the model
 * (the setting, else the agent's, else the default). Mistakes are named in
 * the front end's terms (`names`).
 */
export async function resolveReviewer(
  settings: Pick<ReviewSettings, 'agent' | 'areas' | 'model'> &
    Partial<Pick<ReviewSettings, 'verify' | 'verifyModel'>>,
  from: Omit<AgentLocation, 'agent'> = {},
  requested?: { areas: string[]; names: SettingNames }
): Promise<Reviewer> {
  const agent = await loadAgent({
    ...from,
    agent: settings.agent || DEFAULT_AGENT
  })
  const areas = requested?.areas.length
    ? selectAreas(agent, requested.areas, requested.names)
    : selectAreas(agent, settings.areas, from.names)
  const model = settings.model ?? agent.model ?? DEFAULT_MODEL
  const verifyModel = settings.verify?.length ? settings.verifyModel : undefined
  return {
    agent,
    areas,
    model,
    warnings: [...new Set([model, verifyModel])].flatMap(
      (m) => (m && unpricedModelWarning(m)) || []
    )
  }
}
