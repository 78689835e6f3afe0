import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { ConfigurationError } from '../errors.js'
import { parseShardFile } from '../outcome/shard-file.js'
import type { ShardFile } from '../outcome/shard-file.js'
import { compileGlobs } from '../text/glob.js'

/** Writes the shard file to the runner's temp folder; its path. */
export async function writeShardFile(
  file: ShardFile,
  dir = process.env.RUNNER_TEMP || tmpdir()
): Promise<string> {
  const [index, total] = file.shard.split('/')
  const path = join(dir, `architect-review-shard-${index}-of-${total}.json`)
  await writeFile(path, `${JSON.stringify(file)}\n`)
  return path
}

/**
 * The shard files at `location`: every `.json` file under a folder (as
 * actions/download-artifact lays them out), or the files a glob matches.
 */
export async function readShardFiles(
  location: string,
  cwd = process.cwd()
): Promise<Array<{ source: string; file: ShardFile }>> {
  const paths = await shardPaths(location, cwd)
  return Promise.all(
    paths.map(async (path) => {
      // Named as the user would: relative to the workspace when inside it.
      const inside = relative(cwd, path)
      const source = inside.startsWith('..') || inside === '' ? path : inside
      return {
        source,
        file: parseShardFile(await readFile(path, 'utf8'), source)
      }
    })
  )
}

async function shardPaths(location: string, cwd: string): Promise<string[]> {
  const root = resolve(cwd, location)
  const isFolder = await stat(root).then(
    (s) => s.isDirectory(),
    () => false
  )
  if (isFolder)
    return (await walk(root)).filter((path) => path.endsWith('.json'))
  let match: ReturnType<typeof compileGlobs>
  try {
    match = compileGlobs([location.replace(/^\.\//, '')])
  } catch (error) {
    throw new ConfigurationError(
      `Input 'merge-from' is neither a folder nor a valid glob: ${(error as Error).message}.`
    )
  }
  return (await walk(cwd)).filter(
    (path) => match(relative(cwd, path)) !== undefined
  )
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  const files: string[] = []
  for (const entry of entries) {
    if (entry.name === '.git' || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await walk(path)))
    else if (entry.isFile()) files.push(path)
  }
  return files.sort()
}
