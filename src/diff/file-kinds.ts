/** What a changed file is, for the order files are kept in under `max-files`. */
export interface FileKind {
  name: 'source' | 'test' | 'config' | 'docs'
  /** Lower is kept first. */
  rank: number
}

/** The order `max-files` keeps files in, as the skip reason states it. */
export const FILE_KIND_ORDER = 'source, tests, config, docs, removed files'

const TEST_PATH =
  /(^|\/)(tests?|__tests__|__mocks__|spec|specs|testdata|fixtures|e2e)\/|\.(test|spec|e2e)\.[^./]+$|_test\.[^./]+$|(^|\/)test_[^/]+\.py$|(^|\/)[^/]+(Tests?|Spec|IT)\.(java|kt|cs|scala|swift|php)$|_spec\.rb$|(^|\/)conftest\.py$/
const DOCS_PATH =
  /\.(md|mdx|markdown|rst|adoc|asciidoc|txt|org)$|(^|\/)(docs?|documentation)\/|(^|\/)(LICENSE|LICENCE|NOTICE|AUTHORS|CODEOWNERS)(\.[^/]*)?$/i
const CONFIG_PATH =
  /\.(ya?ml|json|jsonc|json5|toml|ini|cfg|conf|properties|plist|editorconfig|env\.example|xml|csproj|props|targets|sln|gradle|cmake)$|(^|\/)(Dockerfile[^/]*|Makefile|Procfile|Jenkinsfile|Vagrantfile|\.[^/]*rc|\.gitignore|\.gitattributes|\.dockerignore|[^/]*\.config\.[cm]?[jt]s)$|(^|\/)\.(github|circleci|gitlab|husky|vscode|idea|devcontainer)\//i

/** The kind of a file by its path; SQL migrations and everything not recognised count as source. */
export function fileKindOf(path: string): FileKind {
  if (TEST_PATH.test(path)) return { name: 'test', rank: 1 }
  if (DOCS_PATH.test(path)) return { name: 'docs', rank: 3 }
  if (CONFIG_PATH.test(path)) return { name: 'config', rank: 2 }
  return { name: 'source', rank: 0 }
}
