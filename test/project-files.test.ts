/** The project's own workflows and release notes are well-formed and agree with package.json. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ACTION_VERSION } from '../src/version.js'
import { ROOT } from './helpers/action-metadata.js'

describe('project files', () => {
  it('runs .ci/run in CI and self-tests the committed action in dry-run mode', () => {
    const ci = parse(
      readFileSync(resolve(ROOT, '.github/workflows/ci.yml'), 'utf8')
    )
    expect(JSON.stringify(ci.jobs.test.steps)).toContain('bash .ci/run')
    const selfTest = ci.jobs['self-test'].steps.find(
      (s: { uses?: string }) => s.uses === './'
    )
    expect(selfTest.with['dry-run']).toBe(true)
    expect(ci.permissions).toEqual({ contents: 'read' })
    const checkDist = parse(
      readFileSync(resolve(ROOT, '.github/workflows/check-dist.yml'), 'utf8')
    )
    expect(JSON.stringify(checkDist.jobs['check-dist'].steps)).toContain(
      'npm run package'
    )
  })

  it('keeps the version in package.json, src/version.ts and the changelog in step', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'))
    expect(ACTION_VERSION).toBe(pkg.version)
    expect(readFileSync(resolve(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(
      `## ${pkg.version} — `
    )
  })

  it('marks dist/ as generated and byte-exact', () => {
    expect(readFileSync(resolve(ROOT, '.gitattributes'), 'utf8')).toContain(
      'dist/** -text -diff linguist-generated=true'
    )
  })
})
