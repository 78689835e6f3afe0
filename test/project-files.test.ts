/** The project's own workflows and release notes are well-formed and agree with package.json. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import semver from 'semver'
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

  it('supports one set of Node versions everywhere, and every locked package accepts them', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'))
    const supported: string = pkg.engines.node
    // The action's runtime and the workflows' Node are supported.
    const action = parse(readFileSync(resolve(ROOT, 'action.yml'), 'utf8'))
    expect(action.runs.using).toBe('node24')
    const pinned = readFileSync(resolve(ROOT, '.node-version'), 'utf8').trim()
    expect(pinned).toBe('24')
    expect(semver.satisfies(`${pinned}.0.0`, supported)).toBe(true)
    // So is the Node running these tests (CI's).
    expect(semver.satisfies(process.version, supported)).toBe(true)
    // npm warns EBADENGINE when a locked package rejects the running Node:
    // none may reject the lowest version of any supported line.
    const lows = supported
      .split('||')
      .map((range) => semver.minVersion(range.trim())!.version)
    expect(lows).toEqual(['20.19.0', '22.13.0', '24.0.0'])
    const lock = JSON.parse(
      readFileSync(resolve(ROOT, 'package-lock.json'), 'utf8')
    )
    const rejecting = Object.entries(
      lock.packages as Record<string, { engines?: { node?: string } }>
    ).flatMap(([path, entry]) => {
      const range = entry.engines?.node
      if (!range || path === '') return []
      return lows
        .filter((low) => !semver.satisfies(low, range))
        .map((low) => `${path} (${range}) rejects Node ${low}`)
    })
    expect(rejecting).toEqual([])
  })
})
