import { CLIENT_POLICY, createAnthropicClient } from '../review/model-client.js'
import type { ModelClient } from '../review/model-client.js'
import type { ReviewSettings } from '../settings.js'

type ModelSettings = Pick<
  ReviewSettings,
  | 'provider'
  | 'anthropicApiKey'
  | 'anthropicBaseUrl'
  | 'awsRegion'
  | 'vertexRegion'
  | 'vertexProjectId'
  | 'requestPacing'
>

/** The model client the settings describe, with the run's retry and timeout policy. */
export function createModelClient(settings: ModelSettings): ModelClient {
  return createAnthropicClient({
    provider: settings.provider,
    apiKey: settings.anthropicApiKey,
    baseURL: settings.anthropicBaseUrl,
    awsRegion: settings.awsRegion,
    vertexRegion: settings.vertexRegion,
    vertexProjectId: settings.vertexProjectId,
    pacing: settings.requestPacing,
    ...CLIENT_POLICY
  })
}

/**
 * The run's own secrets: masked in the log, redacted from anything shown
 * to the model or posted. The CLI has no GitHub token (its settings hold '').
 */
export function runSecrets(
  settings: Pick<
    ReviewSettings,
    'githubToken' | 'anthropicApiKey' | 'stateSecret'
  >
): string[] {
  return [
    settings.githubToken,
    settings.anthropicApiKey,
    settings.stateSecret
  ].filter((s) => s !== '')
}
