import { posix } from 'node:path'
import type { FileSyntax } from './syntax-index.js'

/** The repository as import resolution needs it: its paths, and a file's text. */
export interface ResolutionView {
  paths: ReadonlySet<string>
  read(path: string): Promise<string | undefined>
}

/**
 * The repository files a file's imports name, per language: relative
 * modules and tsconfig `paths` (TS/JS), packages from the project roots
 * (Python), packages under go.mod's module path (Go), packages as folders
 * (Java, Kotlin, C# namespaces), `crate::` and `mod` (Rust),
 * `require_relative` and Rails' autoloaded constants (Ruby), PSR-4 from
 * composer.json (PHP). Packages outside the repository resolve to nothing.
 */
export async function resolveImports(
  path: string,
  syntax: FileSyntax,
  view: ResolutionView
): Promise<string[]> {
  const found = new Set<string>()
  const add = (candidates: readonly string[]): void => {
    const hit = candidates.find((c) => view.paths.has(c))
    if (hit && hit !== path) found.add(hit)
  }
  const resolver = RESOLVERS[syntax.grammar]
  for (const { spec } of syntax.imports)
    for (const group of await resolver(spec, path, view)) add(group)
  if (syntax.grammar === 'ruby')
    for (const ref of syntax.references)
      if (ref.kind === 'type') add(railsAutoload(ref.name))
  for (const sibling of samePackage(path, syntax.grammar, view)) add([sibling])
  return [...found]
}

/**
 * Each import statement of a file with the repository files it names
 * (what the module graph is drawn from): no same-package siblings, no
 * Rails autoload — only what the file's own import lines say.
 */
export async function importTargets(
  path: string,
  syntax: FileSyntax,
  view: ResolutionView
): Promise<Array<{ line: number; target: string }>> {
  const found: Array<{ line: number; target: string }> = []
  const resolver = RESOLVERS[syntax.grammar]
  for (const { spec, line } of syntax.imports)
    for (const group of await resolver(spec, path, view)) {
      const hit = group.find((c) => view.paths.has(c))
      if (hit && hit !== path && !found.some((f) => f.target === hit))
        found.push({ line, target: hit })
    }
  return found
}

/** Siblings read without an import: at most this many. */
const MAX_SIBLINGS = 40

/**
 * Where a package is a folder, its other files need no import: a Java or
 * Kotlin class of the same package, a Go file of the same package, a C#
 * class of the same namespace folder.
 */
function samePackage(
  path: string,
  grammar: FileSyntax['grammar'],
  view: ResolutionView
): string[] {
  const extension = SAME_PACKAGE[grammar]
  if (!extension) return []
  const siblings: string[] = []
  for (const p of indexOf(view.paths).byDir.get(dirOf(path)) ?? []) {
    if (p === path || !extension.test(p)) continue
    if (grammar === 'go' && p.endsWith('_test.go')) continue
    siblings.push(p)
    if (siblings.length >= MAX_SIBLINGS) break
  }
  return siblings
}

const SAME_PACKAGE: Partial<Record<FileSyntax['grammar'], RegExp>> = {
  java: /\.java$/,
  kotlin: /\.kt$/,
  go: /\.go$/,
  c_sharp: /\.cs$/
}

/** Candidate groups for one import: each group is tried in order, first existing wins. */
type Resolver = (
  spec: string,
  from: string,
  view: ResolutionView
) => Promise<string[][]> | string[][]

const dirOf = (path: string): string => posix.dirname(path)

/** The repository's paths by folder and by file name, built once per path set. */
interface PathIndex {
  byDir: Map<string, string[]>
  byName: Map<string, string[]>
}

const indexes = new WeakMap<ReadonlySet<string>, PathIndex>()

function indexOf(paths: ReadonlySet<string>): PathIndex {
  let index = indexes.get(paths)
  if (index) return index
  index = { byDir: new Map(), byName: new Map() }
  for (const path of paths) {
    const dir = dirOf(path)
    const name = posix.basename(path)
    let inDir = index.byDir.get(dir)
    if (!inDir) index.byDir.set(dir, (inDir = []))
    inDir.push(path)
    let named = index.byName.get(name)
    if (!named) index.byName.set(name, (named = []))
    named.push(path)
  }
  indexes.set(paths, index)
  return index
}
const join = (...parts: string[]): string =>
  posix.normalize(posix.join(...parts)).replace(/^\.\//, '')

const resolveJs: Resolver = async (spec, from, view) => {
  if (spec.startsWith('.')) return [candidateFiles(join(dirOf(from), spec))]
  const aliases = await tsPaths(from, view)
  const groups: string[][] = []
  for (const [pattern, targets] of aliases) {
    const prefix = pattern.replace(/\*$/, '')
    if (pattern.endsWith('*') ? !spec.startsWith(prefix) : spec !== pattern)
      continue
    for (const target of targets)
      groups.push(
        candidateFiles(target.replace('*', spec.slice(prefix.length)))
      )
  }
  return groups
}

/** tsconfig `paths` (resolved against `baseUrl`) of the nearest tsconfig.json above `from`. */
async function tsPaths(
  from: string,
  view: ResolutionView
): Promise<Array<[string, string[]]>> {
  for (let dir = dirOf(from); ; dir = dirOf(dir)) {
    const config = join(dir, 'tsconfig.json')
    const text = view.paths.has(config) ? await view.read(config) : undefined
    if (text !== undefined) {
      const options = lenientJson(text)?.compilerOptions as
        { baseUrl?: string; paths?: Record<string, string[]> } | undefined
      const base = join(dir, options?.baseUrl ?? '.')
      return Object.entries(options?.paths ?? {}).map(([k, v]) => [
        k,
        v.map((t) => join(base, t))
      ])
    }
    if (dir === '.' || dir === '/' || dir === '') return []
  }
}

/** JSON with comments and trailing commas, as tsconfig and composer files are written. */
function lenientJson(text: string): Record<string, unknown> | undefined {
  const stripped = text
    .replace(
      /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
      (_match: string, string?: string) => string ?? ''
    )
    .replace(/,(\s*[}\]])/g, '$1')
  try {
    return JSON.parse(stripped) as Record<string, unknown>
  } catch (error) {
    if (error instanceof SyntaxError) return undefined
    throw error
  }
}

/** Paths ending with `suffix` (at a folder boundary), the one sharing the longest folder with `from` first. */
function bySuffix(
  view: ResolutionView,
  suffix: string,
  from: string
): string[] {
  const hits = (
    indexOf(view.paths).byName.get(posix.basename(suffix)) ?? []
  ).filter((p) => p === suffix || p.endsWith(`/${suffix}`))
  const shared = (p: string): number => {
    const a = p.split('/')
    const b = from.split('/')
    let i = 0
    while (i < a.length && a[i] === b[i]) i++
    return i
  }
  return hits.sort((x, y) => shared(y) - shared(x))
}

const resolvePython: Resolver = (spec, from, view) => {
  const dots = /^\.+/.exec(spec)?.[0].length ?? 0
  const module = spec.slice(dots).replace(/\./g, '/')
  if (dots > 0) {
    let dir = dirOf(from)
    for (let i = 1; i < dots; i++) dir = dirOf(dir)
    const base = join(dir, module)
    return [[`${base}.py`, `${base}/__init__.py`]]
  }
  // A project root holds the importing file: `typing` is not the repository's utils/typing.py.
  const underRoot = (candidate: string, suffix: string): boolean =>
    from.startsWith(candidate.slice(0, candidate.length - suffix.length))
  return [
    [`${module}.py`, `${module}/__init__.py`].flatMap((suffix) =>
      bySuffix(view, suffix, from).filter((c) => underRoot(c, suffix))
    )
  ]
}

const resolveGo: Resolver = async (spec, from, view) => {
  for (let dir = dirOf(from); ; dir = dirOf(dir)) {
    const mod = join(dir, 'go.mod')
    const text = view.paths.has(mod) ? await view.read(mod) : undefined
    const module = text && /^module\s+(\S+)/m.exec(text)?.[1]
    if (module) {
      if (!spec.startsWith(`${module}/`)) return []
      const folder = join(dir, spec.slice(module.length + 1))
      return (indexOf(view.paths).byDir.get(folder) ?? [])
        .filter((p) => p.endsWith('.go') && !p.endsWith('_test.go'))
        .map((p) => [p])
    }
    if (dir === '.' || dir === '') return []
  }
}

/** `org.example.Owner` → …/org/example/Owner.java|.kt; `org.example.*` → that folder. */
const resolveJvm: Resolver = (spec, from, view) => {
  const path = spec.replace(/\.\*$/, '').replace(/\./g, '/')
  if (spec.endsWith('.*'))
    return [...indexOf(view.paths).byDir]
      .filter(([dir]) => dir === path || dir.endsWith(`/${path}`))
      .flatMap(([, files]) => files.filter((p) => /\.(java|kt)$/.test(p)))
      .map((p) => [p])
  const classFiles = (p: string): string[] => [
    ...bySuffix(view, `${p}.java`, from),
    ...bySuffix(view, `${p}.kt`, from)
  ]
  const member = /\/([a-z_]\w*)$/.exec(path)
  if (!member) return [classFiles(path)]
  // A lower-case last name is a member: a static import's class, or a Kotlin top-level function's package folder.
  const parent = path.slice(0, -member[0].length)
  const folder = [...indexOf(view.paths).byDir]
    .filter(([dir]) => dir === parent || dir.endsWith(`/${parent}`))
    .flatMap(([, files]) => files.filter((f) => f.endsWith('.kt')))
  return [classFiles(path), classFiles(parent), ...folder.map((f) => [f])]
}

/** A namespace as a folder: its longest tail that names a folder of .cs files. */
const resolveCSharp: Resolver = (spec, _from, view) => {
  const parts = spec.split('.')
  const dirs = [...indexOf(view.paths).byDir]
  for (let start = 0; start < parts.length; start++) {
    const tail = parts.slice(start).join('/')
    const files = dirs
      .filter(([dir]) => dir === tail || dir.endsWith(`/${tail}`))
      .flatMap(([, inDir]) => inDir.filter((p) => p.endsWith('.cs')))
    if (files.length > 0) return files.map((p) => [p])
  }
  return []
}

const resolveRust: Resolver = (spec, from) => {
  const srcRoot = from.includes('src/')
    ? from.slice(0, from.indexOf('src/') + 4)
    : ''
  if (!spec.includes('::')) {
    // `mod name;`: a sibling file or folder.
    const dir =
      from.endsWith('mod.rs') ||
      from.endsWith('main.rs') ||
      from.endsWith('lib.rs')
        ? dirOf(from)
        : from.replace(/\.rs$/, '')
    return [[join(dir, `${spec}.rs`), join(dir, spec, 'mod.rs')]]
  }
  const path = spec.replace(/::\{.*$/, '').split('::')
  if (path[0] !== 'crate') return []
  const groups: string[][] = []
  // The last segments may be items (a struct, a function), not modules.
  for (let end = path.length; end > 1; end--) {
    const module = join(srcRoot, ...path.slice(1, end))
    groups.push([`${module}.rs`, join(module, 'mod.rs')])
  }
  return [groups.flat()]
}

const resolveRuby: Resolver = (spec, from) => {
  if (!spec.startsWith('.')) return []
  const base = join(dirOf(from), spec)
  return [[base.endsWith('.rb') ? base : `${base}.rb`]]
}

/** `Article` → app/models/article.rb, `Admin::UsersController` → app/controllers/admin/users_controller.rb. */
function railsAutoload(constant: string): string[] {
  const path = constant
    .split('::')
    .map((part) =>
      part
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
        .replace(/([a-z\d])([A-Z])/g, '$1_$2')
        .toLowerCase()
    )
    .join('/')
  return [
    'models',
    'controllers',
    'services',
    'jobs',
    'helpers',
    'mailers',
    'serializers',
    'policies'
  ].map((folder) => `app/${folder}/${path}.rb`)
}

const resolvePhp: Resolver = async (spec, _from, view) => {
  const text = view.paths.has('composer.json')
    ? await view.read('composer.json')
    : undefined
  const autoload = (lenientJson(text ?? '{}')?.autoload ?? {}) as {
    'psr-4'?: Record<string, string | string[]>
  }
  const groups: string[][] = []
  for (const [prefix, dirs] of Object.entries(autoload['psr-4'] ?? {})) {
    if (!spec.startsWith(prefix)) continue
    const rest = spec.slice(prefix.length).replace(/\\/g, '/')
    for (const dir of [dirs].flat()) groups.push([join(dir, `${rest}.php`)])
  }
  return groups
}

const RESOLVERS: Readonly<Record<FileSyntax['grammar'], Resolver>> = {
  typescript: resolveJs,
  tsx: resolveJs,
  javascript: resolveJs,
  python: resolvePython,
  go: resolveGo,
  java: resolveJvm,
  kotlin: resolveJvm,
  c_sharp: resolveCSharp,
  rust: resolveRust,
  ruby: resolveRuby,
  php: resolvePhp
}

/** Extensions a JS/TS import path may leave out, in the order a resolver tries them. */
const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx']

/** Candidate file names for a JS/TS import path without (or with a JS) extension, in the order a resolver tries them. */
function candidateFiles(importPath: string): string[] {
  const bare = importPath.replace(/\.(m|c)?js$/, '')
  return [
    importPath,
    ...JS_EXTENSIONS.map((ext) => `${bare}${ext}`),
    ...JS_EXTENSIONS.map((ext) => `${bare}/index${ext}`)
  ]
}
