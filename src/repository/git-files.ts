import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { ToolError } from './repository-files.js'
import type {
  FileEntry,
  GrepOutput,
  GrepQuery,
  RepositoryFiles
} from './repository-files.js'

const run = promisify(execFile)

/** A grep may not take longer than this. */
export const GREP_TIMEOUT_MS = 10_000
/** Nor print more than this. */
export const GREP_MAX_OUTPUT_BYTES = 8 * 1024 * 1024

const GIT_ENV = {
  ...process.env,
  GIT_PAGER: 'cat',
  LC_ALL: 'C',
  GIT_CONFIG_NOSYSTEM: '1'
}

/**
 * Files at a commit, read from git objects — so the view is exactly the
 * PR's head even when the checkout is the merge commit, and nothing outside
 * the tree (the runner's file system, /proc) is reachable through it.
 */
export async function openGitFiles(
  root: string,
  commit: string
): Promise<RepositoryFiles | undefined> {
  try {
    await run('git', ['cat-file', '-e', `${commit}^{commit}`], {
      cwd: root,
      env: GIT_ENV
    })
  } catch {
    return undefined
  }
  let tree: Promise<Tree> | undefined
  const load = async (): Promise<Tree['entries']> =>
    (await (tree ??= readTree(root, commit))).entries
  const directoriesOf = async (): Promise<Set<string>> =>
    (await (tree ??= readTree(root, commit))).directories

  return {
    origin: `git objects at ${commit.slice(0, 12)}`,
    canSearch: true,
    async stat(path) {
      return (await load()).get(path)
    },
    async isDirectory(path) {
      return (await directoriesOf()).has(path.replace(/\/+$/, ''))
    },
    async read(path, maxBytes) {
      const entry = (await load()).get(path)
      if (!entry) throw new ToolError(`File does not exist: ${path}`)
      return readBlob(root, entry.oid, maxBytes)
    },
    async list() {
      return [...(await load()).keys()].sort()
    },
    async readStarts(paths, maxBytes) {
      const known = await load()
      const wanted = paths.flatMap((path) => {
        const entry = known.get(path)
        return entry && !entry.symlink ? [entry] : []
      })
      const blobs = await readBlobStarts(
        root,
        wanted.map((entry) => entry.oid),
        maxBytes
      )
      return new Map(wanted.map((entry, i) => [entry.path, blobs[i]]))
    },
    async readLink(path) {
      const entry = (await load()).get(path)
      if (!entry?.symlink) throw new ToolError(`Not a symbolic link: ${path}`)
      return (await readBlob(root, entry.oid, 4096)).toString('utf8')
    },
    async grep(query) {
      const known = await load()
      return gitGrep(root, commit, query, (path) => known.has(path))
    }
  }
}

interface Tree {
  entries: Map<string, FileEntry & { oid: string }>
  directories: Set<string>
}

/** Every blob of the commit's tree, and its folders. */
async function readTree(root: string, commit: string): Promise<Tree> {
  const { stdout } = await run(
    'git',
    ['ls-tree', '-r', '-z', '-l', '--full-tree', commit],
    {
      cwd: root,
      env: GIT_ENV,
      maxBuffer: 512 * 1024 * 1024
    }
  )
  const entries = new Map<string, FileEntry & { oid: string }>()
  const directories = new Set([''])
  for (const record of stdout.split('\0')) {
    if (!record) continue
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const tab = record.indexOf('\t')
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/)
    const path = record.slice(tab + 1)
    if (type !== 'blob') continue
    entries.set(path, {
      path,
      oid,
      size: Number(size) || 0,
      symlink: mode === '120000'
    })
    for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1))
      directories.add(path.slice(0, at))
  }
  return { entries, directories }
}

/** Streams a blob and stops after `maxBytes`, so a 200 MB file costs no more than the cap. */
function readBlob(
  root: string,
  oid: string,
  maxBytes: number
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', 'blob', oid], {
      cwd: root,
      env: GIT_ENV
    })
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      resolve(
        Buffer.concat(chunks, Math.min(size, maxBytes)).subarray(0, maxBytes)
      )
    }
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      size += chunk.length
      if (size >= maxBytes) {
        finish()
        child.kill()
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (!done && code !== 0)
        reject(new Error(`git cat-file failed for ${oid}`))
      finish()
    })
  })
}

/**
 * The starts of many blobs through one `git cat-file --batch`: one process
 * for a 3,000-file plan instead of 3,000.
 */
function readBlobStarts(
  root: string,
  oids: readonly string[],
  maxBytes: number
): Promise<Buffer[]> {
  if (oids.length === 0) return Promise.resolve([])
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], {
      cwd: root,
      env: GIT_ENV
    })
    const starts: Buffer[] = []
    let pending: Buffer = Buffer.alloc(0)
    // Bytes of the current blob still to come (its content and the LF after it).
    let remaining = 0
    let current: Buffer[] = []
    let kept = 0
    child.stdout.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
      for (;;) {
        if (remaining > 0) {
          const take = Math.min(remaining, pending.length)
          const room = Math.max(0, Math.min(take, maxBytes - kept))
          if (room > 0) current.push(pending.subarray(0, room))
          kept += room
          remaining -= take
          pending = pending.subarray(take)
          if (remaining > 0) return
          starts.push(Buffer.concat(current).subarray(0, maxBytes))
          current = []
          kept = 0
          continue
        }
        const newline = pending.indexOf(10)
        if (newline < 0) return
        const header = pending.subarray(0, newline).toString('utf8')
        pending = pending.subarray(newline + 1)
        const size = Number(header.split(' ')[2])
        if (!Number.isFinite(size)) {
          starts.push(Buffer.alloc(0))
          continue
        }
        remaining = size + 1
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0 || starts.length !== oids.length)
        reject(new Error(`git cat-file --batch ended early (exit ${code})`))
      else resolve(starts)
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(oids.map((oid) => `${oid}\n`).join(''))
  })
}

/**
 * `git grep -P` at the commit. PCRE2's JIT gives up on catastrophic
 * backtracking with an error instead of spinning, and a timeout and an
 * output cap bound everything else.
 */
function gitGrep(
  root: string,
  commit: string,
  query: GrepQuery,
  isFile: (path: string) => boolean
): Promise<GrepOutput> {
  const args = [
    '-c',
    'core.quotepath=false',
    'grep',
    '-P',
    '-I',
    '--no-color',
    '--full-name'
  ]
  if (query.caseInsensitive) args.push('-i')
  if (query.mode === 'files_with_matches') args.push('-l')
  else if (query.mode === 'count') args.push('-c')
  else {
    if (query.lineNumbers) args.push('-n')
    if (query.before > 0) args.push('-B', String(query.before))
    if (query.after > 0) args.push('-A', String(query.after))
  }
  args.push('-e', query.pattern, commit, '--')
  if (query.path) args.push(`:(literal)${query.path}`)
  for (const path of query.exclude ?? []) args.push(`:(exclude,literal)${path}`)

  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: root, env: GIT_ENV })
    const chunks: Buffer[] = []
    const errors: Buffer[] = []
    let size = 0
    let truncated: string | undefined
    const timer = setTimeout(() => {
      truncated = `the search was stopped after ${GREP_TIMEOUT_MS / 1000} s`
      child.kill('SIGKILL')
    }, GREP_TIMEOUT_MS)
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > GREP_MAX_OUTPUT_BYTES) {
        truncated ??= 'the output passed its size cap'
        child.kill('SIGKILL')
        return
      }
      chunks.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk))
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      const stderr = Buffer.concat(errors).toString('utf8').trim()
      if (code !== 0 && code !== 1 && truncated === undefined) {
        const reason = /match limit|JIT stack/i.test(stderr)
          ? 'the pattern backtracks too much (catastrophic regex); make it more specific'
          : stderr.replace(/^fatal: /, '')
        reject(new ToolError(`Grep failed: ${reason}`))
        return
      }
      resolve({
        rows: parseGrepOutput(
          Buffer.concat(chunks).toString('utf8'),
          commit,
          query.mode,
          isFile
        ),
        truncated
      })
    })
  })
}

/**
 * Strips git's `<commit>:` prefix, leaving ripgrep's shapes: `path:line:text`
 * for matches, `path-line-text` for context, `--` between groups,
 * `path:count` and `path`. Each row's path is kept apart for filtering: it
 * is the known file that the row starts with (paths may hold ':' or '-').
 */
export function parseGrepOutput(
  text: string,
  commit: string,
  mode: GrepQuery['mode'],
  isFile: (path: string) => boolean
): GrepRow[] {
  const prefix = `${commit}:`
  const rows: GrepRow[] = []
  for (const raw of text.split('\n')) {
    if (raw === '') continue
    if (raw === '--') {
      rows.push({ text: '--' })
      continue
    }
    const line = raw.startsWith(prefix) ? raw.slice(prefix.length) : raw
    if (mode === 'files_with_matches') {
      rows.push({ path: line, text: line })
      continue
    }
    rows.push({ path: pathOfRow(line, mode, isFile), text: line })
  }
  return rows
}

function pathOfRow(
  line: string,
  mode: GrepQuery['mode'],
  isFile: (path: string) => boolean
): string | undefined {
  const separator = mode === 'count' ? /[:]\d+$/g : /[:-]\d+[:-]|[:-]/g
  for (const match of line.matchAll(separator)) {
    const candidate = line.slice(0, match.index)
    if (isFile(candidate)) return candidate
  }
  return undefined
}

/** One output row of a grep and the file it belongs to (none for `--`). */
export interface GrepRow {
  path?: string
  text: string
}
