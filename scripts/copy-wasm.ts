/**
 * Copies web-tree-sitter's runtime (script and WebAssembly) and the grammars into `<out>/wasm/`,
 * where the bundle looks for them: ncc does not carry .wasm files.
 * `tsx scripts/copy-wasm.ts dist` (npm run package does it).
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  GRAMMAR_FILES,
  RUNTIME_FILE,
  RUNTIME_SCRIPT,
  wasmPath
} from '../src/context/syntax/grammars.js'

export function copyWasm(out: string): void {
  const dir = join(out, 'wasm')
  mkdirSync(dir, { recursive: true })
  for (const file of [
    RUNTIME_SCRIPT,
    RUNTIME_FILE,
    ...Object.values(GRAMMAR_FILES)
  ])
    copyFileSync(wasmPath(file), join(dir, file))
}

if (import.meta.url === `file://${process.argv[1]}`) copyWasm(process.argv[2])
