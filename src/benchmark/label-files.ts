/**
 * A set's label files, fetched once from the set's repository at its
 * pinned commit and kept in the cache; every read is checked against the
 * SHA-256 the set records, so a changed or corrupted file is refused.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ConfigurationError, getErrorMessage } from '../errors.js'
import type { BenchmarkSet, LabelFile } from './benchmark-sets.js'

/** Where label files come from: raw.githubusercontent.com, or a folder laid out the same way (repo/commit/path). */
export const DEFAULT_LABELS_URL = 'https://raw.githubusercontent.com'

/** A label file that cannot be had: no cache and no network, or a checksum that does not match. */
export class LabelFileError extends ConfigurationError {
  override name = 'LabelFileError'
}

const sha256 = (bytes: Buffer): string =>
  createHash('sha256').update(bytes).digest('hex')

/** The file's text: from the cache when there, else fetched and cached; always checked. */
export async function labelFile(
  set: Pick<BenchmarkSet, 'repo' | 'commit'>,
  file: LabelFile,
  options: { cacheDir: string; labelsUrl: string; fetchFile?: typeof fetch }
): Promise<string> {
  const cached = join(
    options.cacheDir,
    'labels',
    set.repo.replace('/', '+'),
    set.commit,
    file.path
  )
  const where = `${file.path} of ${set.repo}@${set.commit.slice(0, 12)}`
  const inCache: Buffer | undefined = await readFile(cached).catch(
    () => undefined
  )
  if (inCache) {
    check(inCache, file, where)
    return inCache.toString('utf8')
  }
  const fetched = await download(set, file, options).catch((error: unknown) => {
    throw new LabelFileError(
      `Cannot fetch ${where} (${getErrorMessage(error)}) and it is not in the cache (${cached}). Run once with network access, or pass --cache with a folder that holds it.`
    )
  })
  check(fetched, file, where)
  await mkdir(dirname(cached), { recursive: true })
  await writeFile(cached, fetched)
  return fetched.toString('utf8')
}

function check(bytes: Buffer, file: LabelFile, where: string): void {
  const actual = sha256(bytes)
  if (actual !== file.sha256)
    throw new LabelFileError(
      `${where} has SHA-256 ${actual}, not the recorded ${file.sha256}: refused (delete it from the cache to fetch it again).`
    )
}

async function download(
  set: Pick<BenchmarkSet, 'repo' | 'commit'>,
  file: LabelFile,
  options: { labelsUrl: string; fetchFile?: typeof fetch }
): Promise<Buffer> {
  const base = options.labelsUrl.replace(/\/+$/, '')
  if (!/^https?:\/\//.test(base))
    return readFile(join(base, set.repo, set.commit, file.path))
  const response = await (options.fetchFile ?? fetch)(
    `${base}/${set.repo}/${set.commit}/${file.path}`
  )
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return Buffer.from(await response.arrayBuffer())
}
