import type { GitHubClient } from './octokit.js'
import {
  SEARCH_UNAVAILABLE,
  ToolError
} from '../repository/repository-files.js'
import type {
  FileEntry,
  RepositoryFiles
} from '../repository/repository-files.js'

interface ContentEntry {
  type: string
  size: number
  content?: string
  encoding?: string
  target?: string
}

/** An entry of the commit's tree: mode 120000 marks a symbolic link. */
interface TreeEntry {
  path?: string
  mode?: string
  type?: string
  sha?: string
  size?: number
}

interface TreeListing {
  entries: Map<string, TreeEntry>
  truncated: boolean
}

/**
 * Files at a commit through the contents API, for jobs without a checkout:
 * Read works, Grep and Glob answer that they need one. Whether a path is a
 * symbolic link comes from the commit's tree, never from the contents API,
 * which answers a link to a file with that file's content.
 */
export function createApiFiles(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  commit: string
): RepositoryFiles {
  const cache = new Map<
    string,
    Promise<ContentEntry | ContentEntry[] | undefined>
  >()
  const get = (
    path: string
  ): Promise<ContentEntry | ContentEntry[] | undefined> => {
    let entry = cache.get(path)
    if (!entry) {
      entry = octokit.rest.repos
        .getContent({ owner, repo, path, ref: commit })
        .then(({ data }) => data as ContentEntry | ContentEntry[])
        .catch((error: { status?: number }) => {
          if (error.status === 404) return undefined
          throw error
        })
      cache.set(path, entry)
    }
    return entry
  }
  let listing: Promise<TreeListing> | undefined
  const tree = (): Promise<TreeListing> =>
    (listing ??= octokit.rest.git
      .getTree({ owner, repo, tree_sha: commit, recursive: 'true' })
      .then(({ data }) => ({
        truncated: data.truncated,
        entries: new Map(
          (data.tree as TreeEntry[]).map((entry) => [entry.path ?? '', entry])
        )
      })))
  const entryOf = (path: string) => treeEntry(tree, get, path)
  const unavailable = (): never => {
    throw new ToolError(SEARCH_UNAVAILABLE)
  }

  return {
    origin: `the contents API at ${commit.slice(0, 12)}`,
    canSearch: false,
    async stat(path): Promise<FileEntry | undefined> {
      const entry = await entryOf(path)
      if (!entry || entry.type !== 'blob') return undefined
      return { path, size: entry.size ?? 0, symlink: entry.mode === '120000' }
    },
    async isDirectory(path) {
      return (await entryOf(path))?.type === 'tree'
    },
    async read(path, maxBytes) {
      const entry = await entryOf(path)
      if (entry?.type !== 'blob')
        throw new ToolError(`File does not exist: ${path}`)
      // The contents API would answer with the link's target: never ask it for a link.
      if (entry.mode === '120000')
        throw new ToolError(`${path} is a symbolic link.`)
      const data = await get(path)
      if (!data || Array.isArray(data))
        throw new ToolError(`File does not exist: ${path}`)
      if (data.content !== undefined && data.encoding === 'base64')
        return Buffer.from(data.content, 'base64').subarray(0, maxBytes)
      return rawContent(octokit, { owner, repo, path, ref: commit }, maxBytes)
    },
    async readLink(path) {
      const entry = await entryOf(path)
      if (entry?.mode !== '120000' || !entry.sha)
        throw new ToolError(`Not a symbolic link: ${path}`)
      const { data } = await octokit.rest.git.getBlob({
        owner,
        repo,
        file_sha: entry.sha
      })
      return Buffer.from(data.content, 'base64').toString('utf8')
    },
    list: unavailable,
    grep: unavailable
  }
}

/** Files over 1 MB come without content: their raw bytes, up to `maxBytes`. */
async function rawContent(
  octokit: GitHubClient,
  file: { owner: string; repo: string; path: string; ref: string },
  maxBytes: number
): Promise<Buffer> {
  const raw = await octokit.rest.repos.getContent({
    ...file,
    mediaType: { format: 'raw' }
  })
  const body = raw.data as unknown
  const buffer =
    typeof body === 'string'
      ? Buffer.from(body)
      : Buffer.from(body as ArrayBuffer)
  return buffer.subarray(0, maxBytes)
}

/**
 * A path's tree entry. A tree too big for one listing is truncated: then
 * the parent folder's listing says what the path is (type `symlink` there).
 */
async function treeEntry(
  tree: () => Promise<TreeListing>,
  get: (path: string) => Promise<ContentEntry | ContentEntry[] | undefined>,
  path: string
): Promise<TreeEntry | undefined> {
  const listing = await tree()
  const entry = listing.entries.get(path)
  if (entry || !listing.truncated) return entry
  const slash = path.lastIndexOf('/')
  const folder = await get(slash < 0 ? '' : path.slice(0, slash))
  if (!Array.isArray(folder)) return undefined
  const item = folder.find(
    (child) => (child as ContentEntry & { path?: string }).path === path
  ) as (ContentEntry & { sha?: string }) | undefined
  if (!item) return undefined
  if (item.type === 'dir') return { path, type: 'tree' }
  if (item.type !== 'file' && item.type !== 'symlink') return undefined
  return {
    path,
    type: 'blob',
    mode: item.type === 'symlink' ? '120000' : '100644',
    sha: item.sha,
    size: item.size
  }
}
