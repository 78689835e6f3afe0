/** Tables in docs whose rows name the tests that prove them. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ROOT } from './action-metadata.js'

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
  let source: string
  try {
    source = readFileSync(resolve(ROOT, match[1]), 'utf8')
  } catch {
    return false
  }
  const name = match[2]
  return [`'${name}'`, `"${name}"`, `\`${name}\``].some((quoted) =>
    source.includes(quoted)
  )
}
