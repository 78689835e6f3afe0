/** Tests for src/benchmark/benchmark-sets.ts and label-files.ts: label files read into cases, fetched once, checked by SHA-256. */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCases } from '../src/benchmark/benchmark-sets.js'
import type { BenchmarkSet } from '../src/benchmark/benchmark-sets.js'
import { labelFile, LabelFileError } from '../src/benchmark/label-files.js'

const set = (format: 'martian' | 'aacr'): BenchmarkSet => ({
  name: format,
  repo: 'o/set',
  commit: 'a'.repeat(40),
  licence: 'MIT',
  format,
  files: []
})

describe('readCases', () => {
  it('reads Martian’s golden comments, fork URLs included, with the file’s language', () => {
    const cases = readCases(
      set('martian'),
      { path: 'sentry.json', sha256: '', language: 'Python' },
      JSON.stringify([
        {
          pr_title: 'Pagination',
          url: 'https://github.com/ai-code-review-evaluation/sentry-greptile/pull/1',
          az_comment: 'x',
          comments: [{ comment: 'Negative slicing', severity: 'High' }]
        }
      ])
    )
    expect(cases).toEqual([
      {
        id: 'ai-code-review-evaluation/sentry-greptile#1',
        title: 'Pagination',
        url: 'https://github.com/ai-code-review-evaluation/sentry-greptile/pull/1',
        repo: 'ai-code-review-evaluation/sentry-greptile',
        number: 1,
        language: 'Python',
        labels: [{ text: 'Negative slicing', severity: 'high' }]
      }
    ])
  })

  it('reads AACR’s positive samples: our languages, defect categories and the new side only; a PR left without labels is dropped', () => {
    const sample = (language: string, comments: object[]) => ({
      project_main_language: language,
      source_commit: 'b'.repeat(40),
      target_commit: 'c'.repeat(40),
      githubPrUrl: 'https://github.com/o/r/pull/7',
      comments
    })
    const comment = (category: string, side = 'right') => ({
      note: category,
      path: 'a.go',
      side,
      from_line: 3,
      to_line: 4,
      category
    })
    const cases = readCases(
      set('aacr'),
      { path: 'p.json', sha256: '' },
      JSON.stringify([
        sample('Go', [
          comment('Code Defect'),
          comment('Maintainability and Readability'),
          comment('Performance', 'left')
        ]),
        sample('C++', [comment('Code Defect')]),
        sample('Java', [comment('Maintainability and Readability')])
      ])
    )
    expect(cases).toHaveLength(1)
    expect(cases[0]).toMatchObject({
      id: 'o/r#7',
      language: 'Go',
      base: 'c'.repeat(40),
      head: 'b'.repeat(40),
      labels: [{ text: 'Code Defect', path: 'a.go', fromLine: 3, toLine: 4 }]
    })
  })

  it('names the file and the problem when a file is not in the set’s format', () => {
    expect(() =>
      readCases(
        set('aacr'),
        { path: 'dataset/p.json', sha256: '' },
        '[{"githubPrUrl": 3}]'
      )
    ).toThrow(
      /Label file dataset\/p\.json of o\/set@aaaaaaaaaaaa is not in the aacr format/
    )
  })
})

describe('labelFile', () => {
  const root = mkdtempSync(join(tmpdir(), 'architect-review-labels-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const text = '[]\n'
  const file = {
    path: 'data/l.json',
    sha256: createHash('sha256').update(text).digest('hex')
  }
  const source = join(root, 'source')
  mkdirSync(join(source, 'o/set', 'a'.repeat(40), 'data'), { recursive: true })
  writeFileSync(join(source, 'o/set', 'a'.repeat(40), 'data/l.json'), text)

  it('fetches once into the cache, then reads the cache without the source', async () => {
    const cacheDir = join(root, 'cache')
    expect(
      await labelFile(set('aacr'), file, { cacheDir, labelsUrl: source })
    ).toBe(text)
    expect(
      await labelFile(set('aacr'), file, {
        cacheDir,
        labelsUrl: join(root, 'gone')
      })
    ).toBe(text)
  })

  it('says in one line that a file is neither fetchable nor cached', async () => {
    const error = await labelFile(set('aacr'), file, {
      cacheDir: join(root, 'empty'),
      labelsUrl: join(root, 'gone')
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LabelFileError)
    expect((error as Error).message).toMatch(
      /^Cannot fetch data\/l\.json of o\/set@aaaaaaaaaaaa \(.*\) and it is not in the cache \(.*\)\. Run once with network access, or pass --cache with a folder that holds it\.$/
    )
  })
})
