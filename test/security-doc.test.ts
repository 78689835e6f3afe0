/** Keeps the table at the end of docs/SECURITY.md true: every row names a test that exists. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')

/** Rows of the last Markdown table of a document: cells by column. */
export function lastTableRows(markdown: string): string[][] {
  const lines = markdown.split('\n')
  let end = lines.length - 1
  while (end >= 0 && !lines[end].startsWith('|')) end--
  let start = end
  while (start > 0 && lines[start - 1].startsWith('|')) start--
  return lines.slice(start + 2, end + 1).map((line) =>
    line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim())
  )
}

/** `test/x.test.ts` › name → the file exists and declares a test with exactly that name. */
export function testExists(reference: string): boolean {
  const match = /^`(test\/[^`]+)` › (.+)$/.exec(reference)
  if (!match) return false
  const source = readFileSync(resolve(root, match[1]), 'utf8')
  const name = match[2]
  return [`'${name}'`, `"${name}"`, `\`${name}\``].some((quoted) =>
    source.includes(quoted)
  )
}

describe('docs/SECURITY.md', () => {
  const rows = lastTableRows(
    readFileSync(resolve(root, 'docs/SECURITY.md'), 'utf8')
  )

  it('ends with the table of attacks tried, each with an outcome and a test', () => {
    expect(rows.length).toBeGreaterThanOrEqual(15)
    for (const [attack, outcome, test] of rows) {
      expect(attack).not.toBe('')
      expect(outcome).not.toBe('')
      expect(test).toMatch(/^`test\/.+` › .+/)
    }
  })

  it('names only tests that exist', () => {
    const missing = rows
      .map((row) => row[2])
      .filter((reference) => !testExists(reference))
    expect(missing).toEqual([])
  })

  it('fails a row whose test does not exist', () => {
    expect(testExists('`test/tools.test.ts` › a test nobody wrote')).toBe(false)
  })
})
