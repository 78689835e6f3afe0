import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as TreeSitter from 'web-tree-sitter'
import type { Language, Parser } from 'web-tree-sitter'
import type { Grammar } from '../../vocabulary/code-grammars.js'

export { grammarOf } from '../../vocabulary/code-grammars.js'

const require = createRequire(import.meta.url)

/**
 * web-tree-sitter's CommonJS build, loaded at run time from the `wasm/`
 * folder beside the bundle (the build copies it there with the grammars):
 * bundled, its ESM build reaches `createRequire` through a dynamic import
 * the bundle resolves to nothing.
 */
export const treeSitter = (): typeof TreeSitter =>
  require(wasmPath(RUNTIME_SCRIPT)) as typeof TreeSitter

/** Each grammar's WebAssembly file (VS Code's set; Kotlin from tree-sitter-grammars). */
export const GRAMMAR_FILES: Readonly<Record<Grammar, string>> = {
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
  go: 'tree-sitter-go.wasm',
  java: 'tree-sitter-java.wasm',
  kotlin: 'tree-sitter-kotlin.wasm',
  c_sharp: 'tree-sitter-c-sharp.wasm',
  rust: 'tree-sitter-rust.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  php: 'tree-sitter-php.wasm'
}

/** The runtime of web-tree-sitter itself: its WebAssembly and its CommonJS glue. */
export const RUNTIME_FILE = 'web-tree-sitter.wasm'
export const RUNTIME_SCRIPT = 'web-tree-sitter.cjs'

/**
 * Where a WebAssembly file is: the `wasm/` folder the build copies next to
 * the bundle (dist/, dist/cli/), else the package it comes from (source
 * and tests).
 */
export function wasmPath(file: string): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let depth = 0; depth < 4; depth++) {
    const candidate = join(dir, 'wasm', file)
    if (existsSync(candidate)) return candidate
    dir = dirname(dir)
  }
  if (file === RUNTIME_FILE) return require.resolve(`web-tree-sitter/${file}`)
  if (file === RUNTIME_SCRIPT) return require.resolve('web-tree-sitter')
  if (file === GRAMMAR_FILES.kotlin)
    return join(
      dirname(
        require.resolve('@tree-sitter-grammars/tree-sitter-kotlin/package.json')
      ),
      file
    )
  return join(
    dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')),
    'wasm',
    file
  )
}

let runtime: Promise<void> | undefined
const languages = new Map<Grammar, Promise<Language>>()

/** A parser for `grammar`, its grammar loaded on first use (only the languages a review meets). */
export async function parserFor(grammar: Grammar): Promise<{
  parser: Parser
  language: Language
}> {
  runtime ??= initRuntime()
  await runtime
  let language = languages.get(grammar)
  if (!language) {
    language = treeSitter().Language.load(wasmPath(GRAMMAR_FILES[grammar]))
    languages.set(grammar, language)
  }
  const parser = new (treeSitter().Parser)()
  parser.setLanguage(await language)
  return { parser, language: await language }
}

function initRuntime(): Promise<void> {
  const runtimeWasm = wasmPath(RUNTIME_FILE)
  // The Emscripten loader reads __dirname in Node; an ESM bundle has none.
  const global = globalThis as { __dirname?: string }
  global.__dirname ??= dirname(runtimeWasm)
  return treeSitter().Parser.init({ locateFile: () => runtimeWasm })
}
