import type { ChangedSymbol } from '../symbols.js'
import { definitionsAround, readSyntax } from './syntax-index.js'
import type { Definition, FileSyntax } from './syntax-index.js'

/** A definition the PR adds, edits or removes, as the parser reads it. */
export interface ChangedDefinition extends ChangedSymbol {
  /** Its extent in the head (0 when removed). */
  start: number
  end: number
  /** Changed lines in it (declared, edited or deleted rows). */
  changedLines: number
}

interface HunkRows {
  lines: ReadonlyArray<{ kind: string; text: string; newLine?: number }>
}

/** A parser's kind as the symbols' vocabulary has it. */
function symbolKind(kind: string): ChangedSymbol['kind'] {
  if (kind === 'route' || kind === 'constant') return kind
  return kind === 'function' || kind === 'method' ? 'function' : 'class'
}

/**
 * The definitions the PR declares or edits: for each added line, the
 * innermost definition around it (a changed line in a method changes the
 * method, not its class), and every definition whose name is on an added
 * line; with the number of added lines in each.
 */
export function changedDefinitions(
  path: string,
  syntax: FileSyntax,
  hunks: readonly HunkRows[]
): ChangedDefinition[] {
  const found = new Map<Definition, number>()
  const count = (d: Definition): void => {
    found.set(d, (found.get(d) ?? 0) + 1)
  }
  for (const hunk of hunks)
    for (const row of hunk.lines) {
      if (row.kind !== 'add' || row.newLine === undefined) continue
      const [innermost, ...outer] = definitionsAround(syntax, row.newLine)
      if (!innermost) continue
      count(innermost)
      for (const d of outer)
        if (
          d.nameLine === row.newLine ||
          // A handler's route changes with it: its tests and clients call the URL, not the function.
          (d.kind === 'route' &&
            d.start === innermost.start &&
            d.end === innermost.end)
        )
          count(d)
    }
  return [...found].map(([d, changedLines]) => ({
    name: d.name,
    kind: symbolKind(d.kind),
    path,
    start: d.start,
    end: d.end,
    changedLines
  }))
}

/**
 * The definitions the PR deletes: read from each hunk's deleted rows (a
 * removed file's are the whole file), less the names the head still
 * defines (a moved or re-declared function is not gone).
 */
export async function removedDefinitions(
  path: string,
  hunks: readonly HunkRows[],
  head: FileSyntax | undefined
): Promise<ChangedDefinition[]> {
  const kept = new Set(head?.definitions.map((d) => d.name))
  const removed = new Map<string, ChangedDefinition>()
  for (const hunk of hunks) {
    const deleted = hunk.lines.filter((row) => row.kind === 'del')
    if (deleted.length === 0) continue
    const text = fragment(path, deleted)
    const old = await readSyntax(path, text)
    // Rows before the first deleted one: the wrapper's opening lines.
    const offset =
      text.split('\n').length - deleted.length - (wraps(path) ? 1 : 0)
    for (const d of old?.definitions ?? []) {
      if (d.name === WRAPPER || kept.has(d.name) || removed.has(d.name))
        continue
      // A fragment of a body reads as top level: `const page = …` deleted inside a function is a local, not a constant.
      const row = deleted[d.nameLine - 1 - offset]
      if (d.kind === 'constant' && (!row || /^\s/.test(row.text))) continue
      removed.set(d.name, {
        name: d.name,
        kind: symbolKind(d.kind),
        path,
        start: 0,
        end: 0,
        changedLines: d.end - d.start + 1
      })
    }
  }
  return [...removed.values()]
}

/** The class a fragment of members is wrapped in, to be read as members. */
const WRAPPER = 'RemovedLines'

/**
 * Deleted rows as a file the parser reads: dedented (a Python method's
 * rows), and where methods live only in a class (Java, C#, PHP), wrapped
 * in one — a bare method there reads as something else.
 */
function fragment(path: string, rows: ReadonlyArray<{ text: string }>): string {
  const indents = rows
    .filter((r) => r.text.trim() !== '')
    .map((r) => /^\s*/.exec(r.text)![0].length)
  const cut = Math.min(...indents, 1_000)
  const text = rows
    .map((r) => r.text.slice(Math.min(cut, /^\s*/.exec(r.text)![0].length)))
    .join('\n')
  if (!wraps(path)) return text
  if (/\.(java|cs)$/.test(path)) return `class ${WRAPPER} {\n${text}\n}`
  if (path.endsWith('.php'))
    return `<?php\nclass ${WRAPPER} {\n${text.replace(/^<\?php\s*/, '')}\n}`
  return text
}

/** Whether a language's members must be wrapped in a class to be read (Java, C#, PHP). */
const wraps = (path: string): boolean => /\.(java|cs|php)$/.test(path)
