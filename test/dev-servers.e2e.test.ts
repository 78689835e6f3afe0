/**
 * `npm run dev:servers` as CONTRIBUTING tells a developer to use it: start
 * the local servers, then review the demo pull request with the CLI using
 * the environment it prints; Ctrl-C stops them and says what they received.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBuiltCli } from './helpers/cli-runner.js'

const ROOT = resolve(import.meta.dirname, '..')

describe('npm run dev:servers', () => {
  it('serves a demo pull request that the CLI reviews with the printed environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-servers-'))
    const child = spawn(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['dev/servers.ts', '--dir', dir],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let out = ''
    const ended = new Promise<number | null>((done) =>
      child.on('exit', (code) => done(code))
    )
    try {
      await new Promise<void>((ready, fail) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          if (out.includes('Ctrl-C stops the servers.')) ready()
        })
        child.on('exit', () => fail(new Error(`dev:servers ended:\n${out}`)))
      })
      const exported = Object.fromEntries(
        [...out.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]])
      )
      const cliLine = /^ {2}architect-review (.+)$/m.exec(out)![1].split(' ')
      const env = readFileSync(join(dir, '.env'), 'utf8')
      expect(env).toMatch(/^GITHUB_API_URL=http:\/\/127\.0\.0\.1:\d+$/m)
      expect(env).toMatch(/^GITHUB_EVENT_PATH=.*event\.json$/m)

      const review = await runBuiltCli(
        [...cliLine, '--format', 'json', '--fail-on', 'high', '--quiet'],
        { env: exported }
      )
      expect(review.code, review.stderr).toBe(1)
      expect(
        JSON.parse(review.stdout).findings.map(
          (f: { title: string }) => f.title
        )
      ).toEqual(['SQL injection in findOrder'])
      child.kill('SIGINT')
      expect(await ended).toBe(0)
      expect(out).toMatch(
        /\d+ model request\(s\); the pull request has 0 review\(s\)/
      )
    } finally {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
