import matter from 'gray-matter'
import { ConfigurationError, getErrorMessage } from '../errors.js'

/** Refuses a front-matter language other than YAML, whatever asks for it. */
const refuse = (language: string) => ({
  parse: (): never => {
    throw new Error(`front matter in '${language}' is never evaluated`)
  }
})

/**
 * gray-matter evaluates `---js` / `---javascript` front matter with `eval`;
 * an agent file can come from the repository (or a pull request), so only
 * YAML is ever parsed and every other engine is replaced by a refusal.
 */
const YAML_ONLY_ENGINES = {
  javascript: refuse('javascript'),
  js: refuse('js'),
  coffee: refuse('coffee'),
  coffeescript: refuse('coffeescript'),
  cson: refuse('cson'),
  json: refuse('json'),
  toml: refuse('toml')
}

/** A Markdown file's YAML front matter and body; a ConfigurationError naming `source` otherwise. */
export function readFrontMatter(
  text: string,
  source: string
): { data: Record<string, unknown>; content: string } {
  const declared = text.startsWith('---')
    ? matter.language(text).name.trim().toLowerCase()
    : ''
  if (declared !== '' && declared !== 'yaml' && declared !== 'yml')
    throw new ConfigurationError(
      `Agent file '${source}' declares '---${declared}' front matter; only YAML front matter is read, and nothing in an agent file is ever run. Start the file with a plain '---' line.`
    )
  if (
    /^---[^\n]*\n/.test(text) &&
    !/\n(---|\.\.\.)[ \t]*(\r?\n|$)/.test(text.slice(3))
  )
    throw new ConfigurationError(
      `Agent file '${source}': front matter not closed. Add a line '---' after its last key, then the system prompt.`
    )
  try {
    // A fresh options object keeps gray-matter from serving a cached parse.
    const parsed = matter(text, {
      language: 'yaml',
      engines: { ...YAML_ONLY_ENGINES }
    })
    return {
      data: parsed.data as Record<string, unknown>,
      content: parsed.content
    }
  } catch (error) {
    throw new ConfigurationError(
      `Agent file '${source}' has malformed YAML frontmatter: ${getErrorMessage(error)}`
    )
  }
}
