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

/**
 * Files at a commit through the contents API, for jobs without a checkout:
 * Read works, Grep and Glob answer that they need one.
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
  const unavailable = (): never => {
    throw new ToolError(SEARCH_UNAVAILABLE)
  }

  return {
    origin: `the contents API at ${commit.slice(0, 12)}`,
    canSearch: false,
    async stat(path): Promise<FileEntry | undefined> {
      const data = await get(path)
      if (!data || Array.isArray(data)) return undefined
      if (data.type !== 'file' && data.type !== 'symlink') return undefined
      return { path, size: data.size, symlink: data.type === 'symlink' }
    },
    async isDirectory(path) {
      return Array.isArray(await get(path))
    },
    async read(path, maxBytes) {
      const data = await get(path)
      if (!data || Array.isArray(data))
        throw new ToolError(`File does not exist: ${path}`)
      if (data.content !== undefined && data.encoding === 'base64') {
        return Buffer.from(data.content, 'base64').subarray(0, maxBytes)
      }
      // Files over 1 MB come without content: ask for the raw bytes.
      const raw = await octokit.rest.repos.getContent({
        owner,
        repo,
        path,
        ref: commit,
        mediaType: { format: 'raw' }
      })
      const body = raw.data as unknown
      const buffer =
        typeof body === 'string'
          ? Buffer.from(body)
          : Buffer.from(body as ArrayBuffer)
      return buffer.subarray(0, maxBytes)
    },
    async readLink(path) {
      const data = await get(path)
      if (
        !data ||
        Array.isArray(data) ||
        data.type !== 'symlink' ||
        !data.target
      ) {
        throw new ToolError(`Not a symbolic link: ${path}`)
      }
      return data.target
    },
    list: unavailable,
    grep: unavailable
  }
}
