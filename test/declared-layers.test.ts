/** Tests for src/findings/declared-layers.ts: `layers:` of the review configuration file. */
import { describe, expect, it } from 'vitest'
import {
  parseLayers,
  parseReviewConfig
} from '../src/findings/declared-layers.js'

describe('parseLayers', () => {
  it('reads the layers top first beside the ignore list; none without a declaration', () => {
    const text =
      'layers: [api, services, repositories, models]\nignore:\n  - fingerprint: 3f9a1c2b\n    reason: accepted\n'
    expect(parseLayers(text)).toEqual([
      'api',
      'services',
      'repositories',
      'models'
    ])
    expect(parseReviewConfig(text).ignored.get('3f9a1c2b')).toBe(
      'ignored in .github/architect-review.yml: accepted'
    )
    expect(parseLayers('ignore: []\n')).toBeUndefined()
    expect(parseLayers(undefined)).toBeUndefined()
  })

  it('says what layers must look like when they are not that', () => {
    expect(() => parseLayers('layers: api\n')).toThrow(
      '.github/architect-review.yml: layers must be a list of at least two folder names, top first, e.g. layers: [api, services, repositories, models].'
    )
    expect(() => parseLayers('layers: [api]\n')).toThrow(
      /at least two folder names/
    )
  })
})
