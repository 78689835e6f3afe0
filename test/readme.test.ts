/** The README's input and output tables match action.yml: nothing undocumented, nothing that does not exist. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { USAGE } from '../src/cli/cli-flags.js'
import { actionMetadata, ROOT } from './helpers/action-metadata.js'

const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8')

/** The backticked names in the first column of the table under `heading`. */
function namesInTable(heading: string): string[] {
  const section = readme.split(`\n${heading}\n`)[1]?.split('\n## ')[0] ?? ''
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) =>
      [...line.split('|')[1].matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1])
    )
}

describe('README', () => {
  const action = actionMetadata()

  it('documents every input of action.yml, and only those', () => {
    expect(namesInTable('## Inputs').sort()).toEqual(
      Object.keys(action.inputs).sort()
    )
  })

  it('documents every output of action.yml, and only those', () => {
    expect(namesInTable('## Outputs').sort()).toEqual(
      Object.keys(action.outputs).sort()
    )
  })

  it('states the defaults action.yml declares', () => {
    const rows = readme
      .split('\n## Inputs\n')[1]
      .split('\n## ')[0]
      .split('\n')
      .filter((l) => l.startsWith('| `'))
    for (const row of rows) {
      const [, name, defaults] = row.split('|').map((cell) => cell.trim())
      const input = action.inputs[name.replace(/`/g, '')]
      if (
        input.default &&
        !input.default.startsWith('${{') &&
        !input.default.includes(',')
      ) {
        expect(defaults, name).toContain(input.default)
      }
    }
  })

  it('starts with the two commands, and action.yml runs the bundle on node24', () => {
    expect(readme.split('\n').slice(2, 6).join('\n')).toMatch(
      /npm ci && npm run review[\s\S]*npm ci && npm test/
    )
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    for (const [name, input] of Object.entries(action.inputs))
      expect(input.description, name).toBeTruthy()
  })
})

describe('README: the CLI', () => {
  const section = readme.split('\n## The CLI\n')[1].split('\n## ')[0]
  const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1].split('\n').filter((l) => l.trim() !== '')
  )

  it('names no package that is not published: it installs from a clone', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'))
    // A scoped name: only the scope's owner can ever publish it.
    expect(pkg.name).toBe('@architect-review/cli')
    expect(pkg.private).toBe(true)
    expect(pkg.bin).toEqual({ 'architect-review': 'bin/architect-review.js' })
    for (const doc of ['README.md', 'CONTRIBUTING.md', 'src/runner-context.ts'])
      expect(readFileSync(resolve(ROOT, doc), 'utf8'), doc).not.toMatch(
        /npx (github:)?[a-z@-]*architect-review/
      )
    expect(commands.join('\n')).toContain('npm ci && npm link')
  })

  it('uses only options the CLI has', () => {
    const used = commands.join(' ').match(/--[a-z][a-z-]+/g) ?? []
    expect(used.length).toBeGreaterThan(5)
    for (const flag of new Set(used)) expect(USAGE, flag).toContain(flag)
  })
})

describe('README dependencies', () => {
  it('lists every dependency and dev dependency of package.json with a reason', () => {
    const pkg = JSON.parse(
      readFileSync(resolve(ROOT, 'package.json'), 'utf8')
    ) as Record<string, Record<string, string>>
    const section = readme.split('\n## Dependencies\n')[1].split('\n## ')[0]
    const listed = new Set(
      [...section.matchAll(/`(@?[a-z0-9./-]+)`/g)].map((m) => m[1])
    )
    const missing = [
      ...Object.keys(pkg.dependencies),
      ...Object.keys(pkg.devDependencies)
    ].filter((name) => !listed.has(name))
    expect(missing).toEqual([])
  })
})
