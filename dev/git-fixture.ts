/** Real git repositories in temp folders, for tests that need true diffs. */
import { execFileSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  chmodSync,
  unlinkSync,
  renameSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gitDiffArgs } from '../src/git/git-repository.js'

export interface GitFixture {
  dir: string
  git(...args: string[]): string
  write(path: string, content: string | Buffer): void
  remove(path: string): void
  move(from: string, to: string): void
  chmod(path: string, mode: number): void
  commit(message: string): string
  cleanup(): void
}

export function createGitFixture(prefix = 'architect-review-'): GitFixture {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Fixture',
        GIT_AUTHOR_EMAIL: 'fixture@example.com',
        GIT_COMMITTER_NAME: 'Fixture',
        GIT_COMMITTER_EMAIL: 'fixture@example.com',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: dir
      }
    })
  git('init', '-q', '-b', 'main')
  git('config', 'core.autocrlf', 'false')
  git('config', 'core.filemode', 'true')
  git('config', 'gc.auto', '0')
  return {
    dir,
    git,
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), content)
    },
    remove(path) {
      unlinkSync(join(dir, path))
    },
    move(from, to) {
      mkdirSync(dirname(join(dir, to)), { recursive: true })
      renameSync(join(dir, from), join(dir, to))
    },
    chmod(path, mode) {
      chmodSync(join(dir, path), mode)
    },
    commit(message) {
      git('add', '-A')
      git('commit', '-q', '--allow-empty', '-m', message)
      return git('rev-parse', 'HEAD').trim()
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
    }
  }
}

/** The same `git diff` the CLI runs. */
export function gitDiff(
  fixture: GitFixture,
  base: string,
  head: string
): string {
  return fixture.git(...gitDiffArgs(base, head))
}

/** A file's lines at a commit, without CRs, as the parser reports text. */
export function linesAt(
  fixture: GitFixture,
  commit: string,
  path: string
): string[] {
  return fixture
    .git('show', `${commit}:${path}`)
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
}

/** `n` numbered lines of text. */
export function numberedLines(n: number, label = 'line'): string {
  return (
    Array.from({ length: n }, (_, i) => `${label} ${i + 1}`).join('\n') + '\n'
  )
}
