/** `npm run schema`: regenerates docs/findings.schema.json from the zod schema. */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { findingsJsonSchema } from '../src/findings/findings-schema.js'

const path = resolve(import.meta.dirname, '../docs/findings.schema.json')
writeFileSync(path, `${JSON.stringify(findingsJsonSchema(), null, 2)}\n`)
console.log(`wrote ${path}`)
