/**
 * The public labelled sets a review can be measured on, as data: where
 * their label files are (a repository at a pinned commit, each file's
 * SHA-256 recorded here), and how a file reads into cases. Nothing of
 * theirs is copied into this repository; the files are fetched at run time.
 */
import { z } from 'zod'
import { ConfigurationError } from '../errors.js'

/** One label file of a set: its path in the set's repository and the SHA-256 it must have. */
export interface LabelFile {
  path: string
  sha256: string
  /** Martian: the language of the repository a file's PRs come from. */
  language?: string
}

export interface BenchmarkSet {
  name: string
  /** The set's repository and the commit its files are read at. */
  repo: string
  commit: string
  licence: string
  format: 'martian' | 'aacr'
  files: LabelFile[]
  /** Published results to compare with (Martian's dashboard). */
  published?: LabelFile & { judge: string }
}

export const BENCHMARK_SETS: Readonly<Record<string, BenchmarkSet>> = {
  martian: {
    name: 'martian',
    repo: 'withmartian/code-review-benchmark',
    commit: '012d68202e56280855b85abb956410086008a7b2',
    licence: 'MIT',
    format: 'martian',
    files: [
      {
        path: 'offline/golden_comments/sentry.json',
        sha256:
          'd69844d950fac34f63fee221276074238c60e19344803ecd1375e52c4fef5b36',
        language: 'Python'
      },
      {
        path: 'offline/golden_comments/grafana.json',
        sha256:
          '15055ffefa1714d60cd18aab46612497087240ae99f93170e91b226696bc8182',
        language: 'Go'
      },
      {
        path: 'offline/golden_comments/keycloak.json',
        sha256:
          'a77fe83c5efbe50555d18083e58a65130882a293070c7fb79d1734223d6dcdc7',
        language: 'Java'
      },
      {
        path: 'offline/golden_comments/discourse.json',
        sha256:
          'e18c62708f72066e5dc99eba05caf61572b73f93bdfa4c14374e56b44a1265a5',
        language: 'Ruby'
      },
      {
        path: 'offline/golden_comments/cal_dot_com.json',
        sha256:
          'a1361509202cdaea0842838cd03253b82345c85fde320480ef874084ab2af470',
        language: 'TypeScript'
      }
    ],
    published: {
      path: 'offline/analysis/benchmark_dashboard.json',
      sha256:
        '1f586fed02a25f6bb2419827ac6ce2e03e5cc2fabd5b8fc3473caa683a258347',
      judge: 'anthropic_claude-opus-4-5-20251101'
    }
  },
  aacr: {
    name: 'aacr',
    repo: 'alibaba/aacr-bench',
    commit: '540dd9bdcc4de89427e156f8a47253a69fd18cb1',
    licence: 'Apache-2.0',
    format: 'aacr',
    files: [
      {
        path: 'dataset/positive_samples.json',
        sha256:
          'd8683cb240249bc4e0aff6428802bdffa7b7573ace600552cab1cd0cb7e905c9'
      }
    ]
  }
}

/** A labelled problem of a PR. */
export interface GoldenLabel {
  text: string
  severity?: string
  category?: string
  /** AACR: where it is, on the new side. */
  path?: string
  fromLine?: number
  toLine?: number
}

/** One PR of a set, with its labels. */
export interface BenchmarkCase {
  /** `owner/name#number`: stable across runs, the results file's name. */
  id: string
  title: string
  url: string
  /** owner/name of the repository its commits are fetched from. */
  repo: string
  number: number
  language: string
  /** Given by the set (AACR); resolved from the PR otherwise. */
  base?: string
  head?: string
  labels: GoldenLabel[]
}

const MARTIAN_FILE = z.array(
  z.object({
    pr_title: z.string(),
    url: z.string().url(),
    comments: z.array(
      z.object({ comment: z.string(), severity: z.string().optional() })
    )
  })
)

const AACR_FILE = z.array(
  z.object({
    project_main_language: z.string(),
    source_commit: z.string().regex(/^[0-9a-f]{40}$/),
    target_commit: z.string().regex(/^[0-9a-f]{40}$/),
    githubPrUrl: z.string().url(),
    category: z.string().optional(),
    comments: z.array(
      z.object({
        note: z.string(),
        path: z.string(),
        side: z.string().optional(),
        from_line: z.number().int(),
        to_line: z.number().int(),
        category: z.string()
      })
    )
  })
)

/** The AACR languages this reviewer covers, and the comment categories that are defects. */
export const AACR_LANGUAGES = new Set([
  'Go',
  'Python',
  'TypeScript',
  'JavaScript',
  'Java',
  'C#'
])
export const AACR_CATEGORIES = new Set([
  'Code Defect',
  'Performance',
  'Security Vulnerability'
])

function pullOf(url: string): { repo: string; number: number } {
  const match = /github\.com\/([^/]+\/[^/]+)\/pull\/(\d+)/.exec(url)
  if (!match)
    throw new ConfigurationError(
      `Label file: '${url}' is not a GitHub pull request URL.`
    )
  return { repo: match[1], number: Number(match[2]) }
}

/** A set's label file as cases; a file that does not read says which and why. */
export function readCases(
  set: BenchmarkSet,
  file: LabelFile,
  text: string
): BenchmarkCase[] {
  const parsed = (
    set.format === 'martian' ? MARTIAN_FILE : AACR_FILE
  ).safeParse(JSON.parse(text))
  if (!parsed.success)
    throw new ConfigurationError(
      `Label file ${file.path} of ${set.repo}@${set.commit.slice(0, 12)} is not in the ${set.format} format: ${parsed.error.issues[0]?.message}.`
    )
  if (set.format === 'martian')
    return (parsed.data as z.infer<typeof MARTIAN_FILE>).map((pr) => {
      const { repo, number } = pullOf(pr.url)
      return {
        id: `${repo}#${number}`,
        title: pr.pr_title,
        url: pr.url,
        repo,
        number,
        language: file.language ?? 'unknown',
        labels: pr.comments.map((c) => ({
          text: c.comment,
          severity: c.severity?.toLowerCase()
        }))
      }
    })
  return (parsed.data as z.infer<typeof AACR_FILE>)
    .filter((pr) => AACR_LANGUAGES.has(pr.project_main_language))
    .map((pr) => {
      const { repo, number } = pullOf(pr.githubPrUrl)
      return {
        id: `${repo}#${number}`,
        title: pr.category ?? `${repo}#${number}`,
        url: pr.githubPrUrl,
        repo,
        number,
        language: pr.project_main_language,
        // The PR's target is its base; its source, the head reviewed.
        base: pr.target_commit,
        head: pr.source_commit,
        labels: pr.comments
          .filter((c) => AACR_CATEGORIES.has(c.category) && c.side !== 'left')
          .map((c) => ({
            text: c.note,
            category: c.category,
            path: c.path,
            fromLine: c.from_line,
            toLine: c.to_line
          }))
      }
    })
    .filter((c) => c.labels.length > 0)
}

/** A built-in set by name, or a set definition file (JSON of the same shape) by path. */
export const SET_DEFINITION = z.object({
  name: z.string(),
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  licence: z.string(),
  format: z.enum(['martian', 'aacr']),
  files: z
    .array(
      z.object({
        path: z.string(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        language: z.string().optional()
      })
    )
    .min(1)
})
