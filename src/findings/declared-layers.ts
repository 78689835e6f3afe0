import { z } from 'zod'
import { ConfigurationError } from '../errors.js'
import { REVIEW_CONFIG_PATH } from '../vocabulary/review-config.js'
import { configYaml, parseIgnoreList } from './ignore-list.js'
import type { IgnoreList } from './ignore-list.js'

const layersSchema = z
  .object({
    layers: z
      .array(z.string().regex(/^[\w.-]+$/))
      .min(2)
      .optional()
  })
  .passthrough()

/**
 * The `layers` of `.github/architect-review.yml`, top first (folder names:
 * `layers: [api, services, repositories, models]`): an import the change
 * adds may go to its own layer or the next one down, no further and never
 * up. Undefined without a declaration (only cycles are then reported).
 */
export function parseLayers(
  text: string | undefined,
  source = REVIEW_CONFIG_PATH
): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const parsed = layersSchema.safeParse(configYaml(text, source))
  if (!parsed.success)
    throw new ConfigurationError(
      `${source}: layers must be a list of at least two folder names, top first, e.g. layers: [api, services, repositories, models].`
    )
  return parsed.data.layers
}

/** What the review configuration file says: the ignore list and the declared layers. */
export interface ReviewConfig {
  ignored: IgnoreList
  layers?: string[]
}

/** The review configuration file's ignore list and declared layers, from one read. */
export function parseReviewConfig(text: string | undefined): ReviewConfig {
  return { ignored: parseIgnoreList(text), layers: parseLayers(text) }
}
