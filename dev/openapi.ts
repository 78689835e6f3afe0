/**
 * GitHub's own OpenAPI description (@octokit/openapi, api.github.com) as a
 * checker for the local REST server: every request must name a documented
 * operation with documented query parameters and a body the description
 * accepts, and every JSON answer is filled out to, then checked against,
 * the documented response shape.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

type Schema = Record<string, unknown>
interface Operation {
  operationId: string
  parameters?: Array<{
    name: string
    in: string
    schema?: Schema
    $ref?: string
  }>
  requestBody?: { content: Record<string, { schema: Schema }> }
  responses: Record<
    string,
    { content?: Record<string, { schema: Schema }>; $ref?: string }
  >
}
interface Spec {
  paths: Record<string, Record<string, Operation>>
  components: {
    schemas: Record<string, Schema>
    parameters: Record<string, { name: string; in: string }>
    responses: Record<string, unknown>
  }
}

const require = createRequire(import.meta.url)
// ajv's main build is CommonJS.
const Ajv = require('ajv').default as new (options: object) => {
  addSchema(schema: object, key: string): void
  compile(schema: object): ((data: unknown) => boolean) & {
    errors?: Array<{ instancePath: string; message?: string }>
  }
}

interface Route {
  template: string
  method: string
  pattern: RegExp
  literals: number
  operation: Operation
}

let loaded:
  { spec: Spec; routes: Route[]; ajv: InstanceType<typeof Ajv> } | undefined

function load() {
  if (loaded) return loaded
  const spec = JSON.parse(
    readFileSync(
      require.resolve('@octokit/openapi/generated/api.github.com.json'),
      'utf8'
    )
  ) as Spec
  allowNullInNullableEnums(spec)
  const routes: Route[] = []
  for (const [template, methods] of Object.entries(spec.paths)) {
    const pattern = new RegExp(
      `^${template.replace(/[.]/g, '\\.').replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'path' ? '(.+)' : '([^/]+)'))}$`
    )
    const literals = template
      .split('/')
      .filter((segment) => segment && !segment.includes('{')).length
    for (const [method, operation] of Object.entries(methods)) {
      if (method === 'parameters') continue
      routes.push({
        template,
        method: method.toUpperCase(),
        pattern,
        literals,
        operation
      })
    }
  }
  // The most specific template wins (pulls/comments before pulls/{pull_number}).
  routes.sort((a, b) => b.literals - a.literals)
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false
  })
  ajv.addSchema({ components: spec.components }, 'spec')
  loaded = { spec, routes, ajv }
  return loaded
}

const compiled = new WeakMap<
  object,
  ReturnType<InstanceType<typeof Ajv>['compile']>
>()

function validatorFor(schema: Schema) {
  const { ajv } = load()
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(
      JSON.parse(
        JSON.stringify(schema).replace(
          /"#\/components\//g,
          '"spec#/components/'
        )
      )
    )
    compiled.set(schema, validate)
  }
  return validate
}

function resolveRef<T>(value: T & { $ref?: string }): T {
  if (!value?.$ref) return value
  const path = value.$ref.replace('#/', '').split('/')
  return path.reduce(
    (node: Record<string, unknown>, key) =>
      node[key] as Record<string, unknown>,
    load().spec as unknown as Record<string, unknown>
  ) as T
}

/** The documented operation for a request, or undefined. */
export function findOperation(
  method: string,
  path: string
): { operation: Operation; template: string } | undefined {
  const route = load().routes.find(
    (r) => r.method === method && r.pattern.test(path)
  )
  return route
    ? { operation: route.operation, template: route.template }
    : undefined
}

/** What is wrong with a request by GitHub's description; empty when it conforms. */
export function checkRequest(
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown
): string[] {
  if (path === '/graphql') return []
  const found = findOperation(method, path)
  if (!found)
    return [`${method} ${path}: no such operation in GitHub's REST description`]
  const { operation } = found
  const problems: string[] = []
  const parameters = (operation.parameters ?? []).map((p) => resolveRef(p))
  for (const key of query.keys()) {
    const parameter = parameters.find((p) => p.in === 'query' && p.name === key)
    if (!parameter) {
      problems.push(
        `${operation.operationId}: unknown query parameter '${key}'`
      )
      continue
    }
    const type = (parameter.schema as { type?: string } | undefined)?.type
    if (type === 'integer' && !/^\d+$/.test(query.get(key) ?? ''))
      problems.push(
        `${operation.operationId}: query '${key}' must be an integer`
      )
  }
  const schema = operation.requestBody?.content['application/json']?.schema
  if (body !== undefined && schema) {
    const validate = validatorFor(schema)
    if (!validate(body)) {
      for (const error of validate.errors ?? [])
        problems.push(
          `${operation.operationId} body${error.instancePath}: ${error.message}`
        )
    }
  } else if (body !== undefined && !schema) {
    problems.push(`${operation.operationId}: takes no JSON body`)
  }
  return problems
}

/** The documented JSON schema of an operation's answer with `status`, if any. */
export function responseSchema(
  method: string,
  path: string,
  status: number
): Schema | undefined {
  const found = findOperation(method, path)
  if (!found) return undefined
  const response = resolveRef(
    (found.operation.responses[String(status)] ?? {}) as {
      content?: Record<string, { schema: Schema }>
      $ref?: string
    }
  )
  return response?.content?.['application/json']?.schema
}

/**
 * Fills in what a handler left out so an answer has every required field of
 * its documented shape (empty strings, zeros, nulls where allowed), then
 * reports what still does not conform.
 */
export function shapeResponse(
  schema: Schema,
  value: unknown
): { value: unknown; problems: string[] } {
  const filled = fill(schema, value, 0)
  const validate = validatorFor(schema)
  const problems = validate(filled)
    ? []
    : (validate.errors ?? []).map(
        (e) => `response${e.instancePath}: ${e.message}`
      )
  return { value: filled, problems }
}

function fill(rawSchema: Schema, value: unknown, depth: number): unknown {
  const schema = resolveSchema(rawSchema)
  if (depth > 12) return value
  const options = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  if (options && value === undefined) return fill(options[0], value, depth + 1)
  if (schema.allOf)
    return (schema.allOf as Schema[]).reduce(
      (acc, part) => fill(part, acc, depth + 1),
      value
    )
  const type = schema.type as string | undefined
  if (value === undefined) {
    if (schema.nullable) return null
    if (schema.enum) return (schema.enum as unknown[])[0]
    if (type === 'string')
      return schema.format === 'date-time'
        ? '2026-11-26T00:00:00Z'
        : schema.format === 'uri'
          ? 'https://example.com'
          : ''
    if (type === 'integer' || type === 'number') return 0
    if (type === 'boolean') return false
    if (type === 'array') return []
    if (type === 'object' || schema.properties) value = {}
    else return null
  }
  if (type === 'array' && Array.isArray(value) && schema.items)
    return value.map((item) => fill(schema.items as Schema, item, depth + 1))
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    schema.properties
  ) {
    const object = { ...(value as Record<string, unknown>) }
    const properties = schema.properties as Record<string, Schema>
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (!(key in object) && properties[key])
        object[key] = fill(properties[key], undefined, depth + 1)
    }
    for (const [key, child] of Object.entries(object)) {
      if (properties[key] && child !== null && typeof child === 'object')
        object[key] = fill(properties[key], child, depth + 1)
    }
    return object
  }
  return value
}

function resolveSchema(schema: Schema): Schema {
  return schema.$ref
    ? resolveSchema(resolveRef(schema as Schema & { $ref: string }))
    : schema
}

/**
 * OpenAPI 3.0's `nullable` in JSON Schema terms: null added to a nullable
 * `enum` (GitHub sends `start_side: null`), and a nullable schema without a
 * `type` (a $ref or allOf) turned into `anyOf: [schema, null]`.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(allowNullInNullableEnums)
    return
  }
  if (!node || typeof node !== 'object') return
  const schema = node as Record<string, unknown>
  for (const child of Object.values(schema)) allowNullInNullableEnums(child)
  if (schema.nullable !== true) return
  if (Array.isArray(schema.enum) && !schema.enum.includes(null))
    schema.enum.push(null)
  if (!('type' in schema)) {
    const { nullable: _nullable, ...rest } = schema
    for (const key of Object.keys(schema)) delete schema[key]
    schema.anyOf = [rest, { type: 'null' }]
  }
}
