/** Tests for src/findings/key-material.ts and the key-material patterns of src/text/secret-paths.ts. */
import { describe, expect, it } from 'vitest'
import { selectFiles } from '../src/diff/file-selection.js'
import { parsePatch } from '../src/diff/hunk-parser.js'
import type { ChangedFile } from '../src/diff/types.js'
import { keyMaterialFindings } from '../src/findings/key-material.js'
import { keyMaterialIn } from '../src/text/secret-paths.js'

const added = (path: string, lines: string[]): ChangedFile => ({
  path,
  status: 'added',
  additions: lines.length,
  deletions: 0,
  binary: false,
  patchMissing: false,
  hunks: parsePatch(
    `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`
  )
})

describe('keyMaterialIn', () => {
  it('knows key material by its content', () => {
    for (const [text, what] of [
      ['-----BEGIN OPENSSH PRIVATE KEY-----', 'a private key'],
      [
        '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVk=',
        'a Kubernetes client key'
      ],
      ['    token: eyJhbGciOiJSUzI1NiIsImtpZCI6Ij', 'a Kubernetes token'],
      ['//registry.npmjs.org/:_authToken=npm_abcdefghijklmnop', 'an npm token'],
      [
        'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'an AWS secret key'
      ],
      [`GITHUB=ghp_${'a'.repeat(36)}`, 'a GitHub token'],
      ['key: AKIAIOSFODNN7EXAMPLE', 'an AWS access key'],
      [`sk_live_${'x'.repeat(24)}`, 'a Stripe secret key']
    ])
      expect(keyMaterialIn(text), text).toBe(what)
  })

  it('leaves ordinary code alone', () => {
    for (const text of [
      'const token = req.headers.authorization',
      '_authToken=${NPM_TOKEN}',
      'ghs_job_token',
      'aws_secret_access_key = os.environ["AWS_SECRET"]'
    ])
      expect(keyMaterialIn(text), text).toBeUndefined()
  })
})

describe('key material in a diff', () => {
  it('skips the file, whatever its name, and makes one critical finding on the line that adds it', () => {
    const files = [
      added('docs/notes.txt', [
        'Staging:',
        '-----BEGIN EC PRIVATE KEY-----',
        'MHcCAQEE'
      ]),
      added('src/app.ts', ['export const a = 1'])
    ]
    const { reviewable, skipped } = selectFiles(files, {
      include: [],
      exclude: [],
      maxFiles: 300
    })
    expect(reviewable.map((f) => f.path)).toEqual(['src/app.ts'])
    expect(skipped).toEqual([
      {
        path: 'docs/notes.txt',
        category: 'secret',
        reason: 'line 2 adds a private key (found by its content); not sent',
        keyMaterial: { line: 2, what: 'a private key' }
      }
    ])
    const [finding] = keyMaterialFindings(skipped)
    expect(finding).toMatchObject({
      path: 'docs/notes.txt',
      line: 2,
      severity: 'critical',
      area: 'security',
      title: 'Private key committed'
    })
    expect(JSON.stringify(finding)).not.toContain('MHcCAQEE')
  })
})
