import { HEAD_BYTES, judgeContent } from '../diff/file-content.js'
import type { FileHeads } from '../diff/file-content.js'
import type { ChangedFile } from '../diff/types.js'
import type { RepositoryFiles } from './repository-files.js'

/**
 * The start of each changed text file at the head, for the generated and
 * minified checks. Only views that read many files cheaply (git objects)
 * are asked; without one the checks fall back to the diff.
 */
export async function readFileHeads(
  files: readonly ChangedFile[],
  repository: RepositoryFiles | undefined
): Promise<FileHeads | undefined> {
  return readStarts(
    files
      .filter((f) => f.status !== 'removed' && !f.binary && f.hunks.length > 0)
      .map((f) => f.path),
    repository
  )
}

/**
 * The start at the base, by base path, of each changed file whose start at
 * the head carries a generated marker: to tell a marker the repository had
 * from one the change brought. No file so marked: the base is not opened.
 */
export async function readBaseHeads(
  files: readonly ChangedFile[],
  heads: FileHeads | undefined,
  openBase: (() => Promise<RepositoryFiles | undefined>) | undefined
): Promise<FileHeads | undefined> {
  const marked = files.filter((f) => {
    const head = heads?.get(f.path)
    return (
      f.status !== 'added' &&
      head !== undefined &&
      judgeContent(f.path, head, 'the head')?.category === 'generated'
    )
  })
  if (marked.length === 0 || !openBase) return undefined
  return readStarts(
    marked.map((f) => f.previousPath ?? f.path),
    await openBase()
  )
}

async function readStarts(
  paths: string[],
  repository: RepositoryFiles | undefined
): Promise<FileHeads | undefined> {
  if (!repository?.readStarts) return undefined
  const starts = await repository.readStarts(paths, HEAD_BYTES)
  const heads = new Map<string, string>()
  for (const [path, bytes] of starts)
    if (!bytes.includes(0)) heads.set(path, bytes.toString('utf8'))
  return heads
}
