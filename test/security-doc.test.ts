/** Keeps the tables at the end of docs/SECURITY.md and docs/RELIABILITY.md true: every row names a test that exists. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_BLOCKED_PATHS } from '../src/text/secret-paths.js'
import { ROOT } from './helpers/action-metadata.js'
import { lastTableRows, testExists } from './helpers/doc-table.js'

describe.each([
  ['docs/SECURITY.md', 15],
  ['docs/RELIABILITY.md', 20]
])('%s', (doc, minimumRows) => {
  const rows = lastTableRows(readFileSync(resolve(ROOT, doc), 'utf8'))

  it('ends with its table, each row with an outcome and a test', () => {
    expect(rows.length).toBeGreaterThanOrEqual(minimumRows)
    for (const [scenario, outcome, test] of rows) {
      expect(scenario).not.toBe('')
      expect(outcome).not.toBe('')
      expect(test).toMatch(/^`test\/.+` › .+/)
    }
  })

  it('names only tests that exist', () => {
    expect(
      rows.map((row) => row[2]).filter((reference) => !testExists(reference))
    ).toEqual([])
  })
})

describe('the table check', () => {
  it('fails a row whose test does not exist', () => {
    expect(testExists('`test/tools.test.ts` › a test nobody wrote')).toBe(false)
    expect(testExists('`test/no-such-file.test.ts` › anything')).toBe(false)
    expect(testExists('a row without a test reference')).toBe(false)
  })
})

describe('the default blocked paths', () => {
  it.each(['README.md', 'docs/SECURITY.md'])(
    'are listed in %s exactly as the code has them',
    (doc) => {
      const text = readFileSync(resolve(ROOT, doc), 'utf8')
      const line = text
        .split('<!-- blocked-paths -->\n')[1]
        ?.split('\n')
        .find((l) => l.trim() !== '')
      expect(line, doc).toBeDefined()
      const listed = [...line!.matchAll(/`([^`]+)`/g)].map((m) => m[1])
      expect(listed).toEqual(DEFAULT_BLOCKED_PATHS)
    }
  )
})
