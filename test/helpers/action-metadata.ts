/** action.yml, parsed. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'

export interface ActionMetadata {
  name: string
  description: string
  inputs: Record<
    string,
    { description: string; required?: boolean; default?: string }
  >
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
  branding: { icon: string; color: string }
}

export const ROOT = resolve(import.meta.dirname, '../..')

export function actionMetadata(): ActionMetadata {
  return parse(
    readFileSync(resolve(ROOT, 'action.yml'), 'utf8')
  ) as ActionMetadata
}
