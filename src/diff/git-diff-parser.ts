import { HunkBuilder, parseHunkHeader, splitLines } from './hunk-parser.js'
import type { ChangedFile } from './types.js'

/**
 * Parses the output of `git diff` (any number of files, with their extended
 * headers: renames, copies, mode changes, binary markers) into the same
 * shape the REST API's file list is turned into.
 */
export function parseGitDiff(text: string): ChangedFile[] {
  const files: ChangedFile[] = []
  let file: ChangedFile | undefined
  let builder: HunkBuilder | undefined

  for (const raw of splitLines(text)) {
    if (builder?.accept(raw)) continue
    builder = undefined
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw

    if (line.startsWith('diff --git ')) {
      file = startFile(line)
      files.push(file)
      continue
    }
    if (!file) continue
    const hunk = parseHunkHeader(raw)
    if (hunk) {
      builder = new HunkBuilder(hunk)
      file.hunks.push(hunk)
      continue
    }
    readExtendedHeader(file, line)
  }
  for (const changed of files) finishFile(changed)
  return files
}

function startFile(line: string): ChangedFile {
  const [oldPath, newPath] = pathsOfDiffGitLine(
    line.slice('diff --git '.length)
  )
  return {
    path: newPath,
    previousPath: oldPath !== newPath ? oldPath : undefined,
    status: 'modified',
    additions: 0,
    deletions: 0,
    binary: false,
    patchMissing: false,
    hunks: []
  }
}

function readExtendedHeader(changed: ChangedFile, line: string): void {
  const value = (prefix: string): string => line.slice(prefix.length)
  if (line.startsWith('new file mode ')) {
    changed.status = 'added'
    changed.newMode = value('new file mode ')
    changed.previousPath = undefined
  } else if (line.startsWith('deleted file mode ')) {
    changed.status = 'removed'
    changed.oldMode = value('deleted file mode ')
    changed.previousPath = undefined
  } else if (line.startsWith('old mode ')) {
    changed.oldMode = value('old mode ')
  } else if (line.startsWith('new mode ')) {
    changed.newMode = value('new mode ')
    if (changed.status === 'modified') changed.status = 'changed'
  } else if (line.startsWith('rename from ')) {
    changed.status = 'renamed'
    changed.previousPath = unquote(value('rename from '))
  } else if (line.startsWith('rename to ')) {
    changed.path = unquote(value('rename to '))
  } else if (line.startsWith('copy from ')) {
    changed.status = 'copied'
    changed.previousPath = unquote(value('copy from '))
  } else if (line.startsWith('copy to ')) {
    changed.path = unquote(value('copy to '))
  } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
    changed.binary = true
  } else if (line.startsWith('+++ ')) {
    // Exact even for names with spaces, unlike the `diff --git` line.
    const path = stripPrefix(unquote(value('+++ ')))
    if (path !== undefined) changed.path = path
  }
}

function finishFile(file: ChangedFile): void {
  // GitHub calls a mode-only change `changed` and a mode change with edits `modified`.
  if (file.status === 'changed' && file.hunks.length > 0)
    file.status = 'modified'
  for (const hunk of file.hunks) {
    for (const row of hunk.lines) {
      if (row.kind === 'add') file.additions++
      else if (row.kind === 'del') file.deletions++
    }
  }
  if (file.previousPath === file.path) file.previousPath = undefined
}

/** `a/path` → `path`; `/dev/null` → undefined. */
function stripPrefix(path: string): string | undefined {
  if (path === '/dev/null') return undefined
  return path.replace(/^[ab]\//, '')
}

/**
 * The two paths of `diff --git a/x b/y`. Quoted names are exact; unquoted
 * names with spaces are ambiguous, so the line is split where both halves
 * name the same file (the extended headers correct renames later).
 */
export function pathsOfDiffGitLine(rest: string): [string, string] {
  if (rest.startsWith('"')) {
    const [first, after] = readQuoted(rest)
    const second = after.trimStart()
    const other = second.startsWith('"') ? readQuoted(second)[0] : second
    return [stripPrefix(first) ?? first, stripPrefix(other) ?? other]
  }
  const quotedSecond = rest.indexOf(' "')
  if (quotedSecond >= 0) {
    const first = rest.slice(0, quotedSecond)
    const [second] = readQuoted(rest.slice(quotedSecond + 1))
    return [stripPrefix(first) ?? first, stripPrefix(second) ?? second]
  }
  // Same name on both sides: `a/<p> b/<p>` has length 2*len(p)+5.
  const half = (rest.length - 5) / 2
  if (Number.isInteger(half) && half > 0) {
    const first = rest.slice(2, 2 + half)
    const second = rest.slice(half + 5)
    if (first === second) return [first, second]
  }
  const split = rest.indexOf(' b/')
  const first = split >= 0 ? rest.slice(0, split) : rest
  const second = split >= 0 ? rest.slice(split + 1) : rest
  return [stripPrefix(first) ?? first, stripPrefix(second) ?? second]
}

/** Decodes git's C-style quoting (`"caf\303\251.txt"`); plain text passes through. */
export function unquote(text: string): string {
  return text.startsWith('"') ? readQuoted(text)[0] : text.replace(/\t$/, '')
}

const ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  '\\': 92
}

function readQuoted(text: string): [string, string] {
  const bytes: number[] = []
  let i = 1
  while (i < text.length && text[i] !== '"') {
    const char = text[i]
    if (char === '\\') {
      const next = text[i + 1]
      if (next >= '0' && next <= '7') {
        bytes.push(parseInt(text.slice(i + 1, i + 4), 8))
        i += 4
        continue
      }
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0))
      i += 2
      continue
    }
    for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte)
    i++
  }
  return [Buffer.from(bytes).toString('utf8'), text.slice(i + 1)]
}
