/** Tests for src/findings/ignore-list.ts: the accepted findings of .github/architect-review.yml. */
import { describe, expect, it } from 'vitest'
import {
  applyIgnoreList,
  parseIgnoreList,
  withIgnored
} from '../src/findings/ignore-list.js'
import type { LedgerFinding } from '../src/findings/ledger.js'

const FP = 'a1b2c3d4e5f60718'

describe('parseIgnoreList', () => {
  it('reads fingerprints alone or with a reason, and leaves other keys alone', () => {
    const list = parseIgnoreList(
      `layers: [api, services]\nignore:\n  - ${FP}\n  - fingerprint: 0123456789abcdef\n    reason: accepted, ADR 12\n`
    )
    expect([...list]).toEqual([
      [FP, 'ignored in .github/architect-review.yml'],
      [
        '0123456789abcdef',
        'ignored in .github/architect-review.yml: accepted, ADR 12'
      ]
    ])
    expect(parseIgnoreList(undefined).size).toBe(0)
    expect(parseIgnoreList('# nothing yet\n').size).toBe(0)
  })

  it('names the file and shows the expected form when the list is malformed', () => {
    expect(() => parseIgnoreList('ignore: a1b2\n')).toThrow(
      /^\.github\/architect-review\.yml: ignore is not what it should be \(.*\)\. The ignore list looks like:\nignore:\n {2}- fingerprint: /
    )
    expect(() => parseIgnoreList('ignore: [\n')).toThrow(
      /^\.github\/architect-review\.yml is not valid YAML/
    )
  })
})

describe('withIgnored and applyIgnoreList', () => {
  const finding = (fingerprint: string, status: LedgerFinding['status']) =>
    ({ fingerprint, status, placement: 'inline' }) as LedgerFinding

  it('ignores only open findings the list names; never posted', () => {
    const list = withIgnored(parseIgnoreList(`ignore: [${FP}]`), [
      'ffffffffffffffff'
    ])
    const [named, flagged, other, dropped] = applyIgnoreList(
      [
        finding(FP, 'open'),
        finding('ffffffffffffffff', 'open'),
        finding('0000000000000000', 'open'),
        finding(FP, 'dropped')
      ],
      list
    )
    expect(named).toMatchObject({
      status: 'dismissed',
      reason: 'ignored in .github/architect-review.yml',
      placement: undefined
    })
    expect(flagged).toMatchObject({
      status: 'dismissed',
      reason: 'ignored with --ignore'
    })
    expect(other.status).toBe('open')
    expect(dropped.status).toBe('dropped')
  })

  it('refuses what is not a fingerprint on --ignore', () => {
    expect(() => withIgnored(new Map(), ['SQL injection'])).toThrow(
      "--ignore takes fingerprints (hex, from the findings output), got 'SQL injection'."
    )
  })
})
