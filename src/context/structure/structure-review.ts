/**
 * What a change does to the structure, read without the model: the
 * modules it touches and the imports between them at the head (those it
 * adds and removes marked), an import cycle it creates, and an import
 * that runs against the layers the repository declares. Each of the last
 * two is a `system` finding at the import line the change adds.
 */
import type { ChangedFile } from '../../diff/types.js'
import type { ValidFinding } from '../../findings/finding.js'
import type { RepositoryFiles } from '../../repository/repository-files.js'
import type { ToolContext } from '../../tools/tool-context.js'
import { grammarOf } from '../../vocabulary/code-grammars.js'
import { resolutionView, syntaxOfMany } from '../parsed-files.js'
import { importTargets } from '../syntax/import-resolution.js'
import { readSyntax } from '../syntax/syntax-index.js'
import {
  chooseDepth,
  MAX_MODULES,
  moduleEdges,
  moduleOf
} from './module-graph.js'
import type { FileImport, ModuleEdge } from './module-graph.js'

/** The picture the summary draws. */
export interface StructureView {
  depth: number
  modules: string[]
  edges: Array<{
    from: string
    to: string
    state: 'added' | 'removed' | 'kept'
  }>
}

/** The unit structure findings are filed under (no model pass made them). */
export const STRUCTURE_UNIT = 'structure'

export async function reviewStructure(input: {
  files: readonly ChangedFile[]
  tools: ToolContext
  /** The base's files: the changed files' imports before the change. */
  base?: RepositoryFiles
  /** Declared layers, top first (`layers:` of .github/architect-review.yml). */
  layers?: readonly string[]
}): Promise<{ view?: StructureView; findings: ValidFinding[] }> {
  const changed = input.files.filter(
    (f) => grammarOf(f.path) || (f.previousPath && grammarOf(f.previousPath))
  )
  if (changed.length === 0 || !input.tools.files.canSearch)
    return { findings: [] }
  const depth = chooseDepth(
    changed.flatMap((f) => [
      f.path,
      ...(f.previousPath ? [f.previousPath] : [])
    ])
  )
  const touched = new Set(changed.map((f) => moduleOf(f.path, depth)))
  const graph = new LazyGraph(
    input.tools,
    depth,
    await input.tools.files.list()
  )
  const head = (
    await Promise.all([...touched].map((m) => graph.importsOf(m)))
  ).flat()
  const changedPaths = new Set(changed.map((f) => f.path))
  const base = [
    ...head.filter((i) => !changedPaths.has(i.from)),
    ...(await baseImports(changed, input.base))
  ]
  // The picture: the touched modules and those they import (or imported), up to MAX_MODULES, with all their edges.
  const shown = new Set(touched)
  for (const i of [...head, ...base])
    if (shown.size < MAX_MODULES) shown.add(moduleOf(i.to, depth))
  const around = (
    await Promise.all(
      [...shown].filter((m) => !touched.has(m)).map((m) => graph.importsOf(m))
    )
  ).flat()
  const headEdges = moduleEdges([...head, ...around], shown, depth)
  const baseEdges = moduleEdges([...base, ...around], shown, depth)
  const view: StructureView = {
    depth,
    modules: [...shown].sort(),
    edges: [...new Set([...headEdges.keys(), ...baseEdges.keys()])]
      .sort()
      .map((key) => {
        const edge = (headEdges.get(key) ?? baseEdges.get(key))!
        const state = !baseEdges.has(key)
          ? 'added'
          : !headEdges.has(key)
            ? 'removed'
            : 'kept'
        return { from: edge.from, to: edge.to, state }
      })
  }
  const added = addedImports(head, changed)
  const all = graph.allModules()
  const before = moduleEdges(base, all, depth)
  const newEdges = [...moduleEdges(head, all, depth)]
    .filter(([key]) => !before.has(key))
    .map(([, edge]) => edge)
  return {
    view,
    findings: [
      ...(await cycleFindings(newEdges, graph, added)),
      ...(input.layers && input.layers.length > 1
        ? layerFindings(added, input.layers)
        : [])
    ]
  }
}

/** Files of a module read for their imports, at most; modules walked looking for a cycle, at most. */
const MAX_FILES_PER_MODULE = 500
const MAX_MODULES_WALKED = 200

/** The module graph at the head, read a module at a time as a walk reaches it. */
class LazyGraph {
  private readonly byModule = new Map<string, string[]>()
  private readonly loaded = new Map<string, Promise<FileImport[]>>()
  private readonly paths: ReadonlySet<string>
  constructor(
    private readonly tools: ToolContext,
    private readonly depth: number,
    paths: readonly string[]
  ) {
    this.paths = new Set(paths)
    for (const p of paths) {
      if (!grammarOf(p)) continue
      const m = moduleOf(p, depth)
      const files = this.byModule.get(m) ?? []
      if (files.length < MAX_FILES_PER_MODULE) files.push(p)
      this.byModule.set(m, files)
    }
  }
  allModules(): ReadonlySet<string> {
    return new Set(this.byModule.keys())
  }
  importsOf(module: string): Promise<FileImport[]> {
    let imports = this.loaded.get(module)
    if (!imports)
      this.loaded.set(
        module,
        (imports = importsOf(
          this.byModule.get(module) ?? [],
          this.tools,
          this.paths
        ))
      )
    return imports
  }
  /** A shortest module path from `from` to `to` at the head, walking at most MAX_MODULES_WALKED modules. */
  async path(from: string, to: string): Promise<string[] | undefined> {
    const previous = new Map<string, string>([[from, from]])
    const queue = [from]
    while (queue.length > 0 && previous.size <= MAX_MODULES_WALKED) {
      const at = queue.shift()!
      if (at === to) {
        const path = [to]
        while (path[0] !== from) path.unshift(previous.get(path[0])!)
        return path
      }
      for (const i of await this.importsOf(at)) {
        const next = moduleOf(i.to, this.depth)
        if (!previous.has(next)) {
          previous.set(next, at)
          queue.push(next)
        }
      }
    }
    return undefined
  }
}

async function importsOf(
  files: readonly string[],
  tools: ToolContext,
  paths: ReadonlySet<string>
): Promise<FileImport[]> {
  const syntaxes = await syntaxOfMany(tools, files)
  const view = resolutionView(tools, paths)
  const imports: FileImport[] = []
  for (const [from, syntax] of syntaxes)
    for (const { line, target } of await importTargets(from, syntax, view))
      imports.push({ from, line, to: target })
  return imports
}

/** The changed files' imports at the base (under their head paths, so a renamed file stays one node). */
async function baseImports(
  changed: readonly ChangedFile[],
  base: RepositoryFiles | undefined
): Promise<FileImport[]> {
  if (!base) return []
  const paths = new Set(await base.list())
  const view = {
    paths,
    read: async (p: string) =>
      (await base.read(p, 256 * 1024).catch(() => undefined))?.toString('utf8')
  }
  const imports: FileImport[] = []
  for (const file of changed) {
    const before = file.previousPath ?? file.path
    if (file.status === 'added' || !paths.has(before)) continue
    const text = await view.read(before)
    const syntax =
      text === undefined ? undefined : await readSyntax(before, text)
    if (!syntax) continue
    for (const { line, target } of await importTargets(before, syntax, view))
      imports.push({ from: file.path, line, to: target })
  }
  return imports
}

/** Head imports on lines the change adds. */
function addedImports(
  head: readonly FileImport[],
  changed: readonly ChangedFile[]
): FileImport[] {
  const added = new Map<string, Set<number>>()
  for (const file of changed)
    added.set(
      file.path,
      new Set(
        file.hunks.flatMap((h) =>
          h.lines.flatMap((r) =>
            r.kind === 'add' && r.newLine !== undefined ? [r.newLine] : []
          )
        )
      )
    )
  return head.filter((i) => added.get(i.from)?.has(i.line))
}

const finding = (
  i: FileImport,
  title: string,
  problem: string,
  recommendation: string
): ValidFinding => ({
  status: 'valid',
  unit: STRUCTURE_UNIT,
  pass: 'system',
  area: 'system',
  severity: 'medium',
  confidence: 1,
  path: i.from,
  line: i.line,
  title,
  problem,
  recommendation
})

/** One finding per cycle the change creates, at an import line it adds to a module edge that closes it. */
async function cycleFindings(
  newEdges: readonly ModuleEdge[],
  graph: LazyGraph,
  added: readonly FileImport[]
): Promise<ValidFinding[]> {
  const seen = new Set<string>()
  const findings: ValidFinding[] = []
  for (const edge of newEdges) {
    const at = edge.imports.find((i) => added.includes(i))
    const back = at && (await graph.path(edge.to, edge.from))
    if (!at || !back) continue
    const cycle = [edge.from, ...back]
    const key = [...new Set(cycle)].sort().join('\u0000')
    if (seen.has(key)) continue
    seen.add(key)
    findings.push(
      finding(
        at,
        `Import cycle created: ${cycle.join(' → ')}`,
        `This line makes \`${edge.from}\` import \`${edge.to}\` (${at.to}), and \`${edge.to}\` already reaches \`${edge.from}\` (${back.join(' → ')}). The modules now depend on each other: neither can be built, tested or changed alone, and import order starts to matter.`,
        `Move what both need into a module they can both import, or let \`${edge.to}\` depend on an interface that \`${edge.from}\` implements.`
      )
    )
  }
  return findings
}

/** The declared layer a file is in: the first layer named by a folder of its path. */
function layerOf(path: string, layers: readonly string[]): number | undefined {
  const folders = path.split('/').slice(0, -1)
  const index = layers.findIndex((layer) => folders.includes(layer))
  return index < 0 ? undefined : index
}

/** An added import that points up the declared layers, or past the next one down. */
function layerFindings(
  added: readonly FileImport[],
  layers: readonly string[]
): ValidFinding[] {
  const findings: ValidFinding[] = []
  for (const i of added) {
    const from = layerOf(i.from, layers)
    const to = layerOf(i.to, layers)
    if (
      from === undefined ||
      to === undefined ||
      to === from ||
      to === from + 1
    )
      continue
    const upward = to < from
    findings.push(
      finding(
        i,
        upward
          ? `Layer break: ${layers[from]} imports ${layers[to]}, a layer above it`
          : `Layer break: ${layers[from]} reaches past ${layers[from + 1]} into ${layers[to]}`,
        upward
          ? `The repository declares the layers ${layers.join(' → ')} (.github/architect-review.yml); \`${i.from}\` in ${layers[from]} now imports \`${i.to}\` in ${layers[to]}, above it. A lower layer that knows a higher one ties it to its callers.`
          : `The repository declares the layers ${layers.join(' → ')} (.github/architect-review.yml); \`${i.from}\` in ${layers[from]} now imports \`${i.to}\` in ${layers[to]}, skipping ${layers.slice(from + 1, to).join(', ')}. What that layer enforces (validation, transactions, authorisation) is bypassed.`,
        upward
          ? `Invert the dependency (an interface in ${layers[from]} that ${layers[to]} implements), or move the code to the layer it belongs to.`
          : `Go through ${layers[from + 1]}: call (or add) the ${layers[from + 1]} function that does this.`
      )
    )
  }
  return findings
}
