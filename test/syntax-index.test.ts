/**
 * Tests for src/context/syntax: definitions with their whole extent,
 * calls and types referred to, and imports, read by tree-sitter from code
 * cut from real projects (test/fixtures/syntax): full-stack-fastapi-template,
 * pocketbase, spring-petclinic, CleanArchitecture, realworld-axum-sqlx,
 * rails-realworld, a Kotlin realworld service, a Laravel controller and an
 * Express router.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { grammarOf } from '../src/context/syntax/grammars.js'
import {
  definitionsAround,
  readSyntax
} from '../src/context/syntax/syntax-index.js'
import type { FileSyntax } from '../src/context/syntax/syntax-index.js'

const read = async (file: string): Promise<FileSyntax> =>
  (await readSyntax(
    file,
    readFileSync(resolve(import.meta.dirname, 'fixtures/syntax', file), 'utf8')
  ))!
const defs = (s: FileSyntax) =>
  s.definitions.map((d) => `${d.kind} ${d.name} ${d.start}-${d.end}`)
const calls = (s: FileSyntax) =>
  new Set(s.references.filter((r) => r.kind === 'call').map((r) => r.name))
const types = (s: FileSyntax) =>
  new Set(s.references.filter((r) => r.kind === 'type').map((r) => r.name))
/** Python's `from m import n` is read as m and as m.n: the name may be a submodule. */
const imports = (s: FileSyntax) => s.imports.map((i) => i.spec)

describe('readSyntax', () => {
  it.each([
    [
      'crud.py',
      ['function create_user 9-16', 'function authenticate 19-25'],
      ['verify_password', 'get_user_by_email', 'get_password_hash'],
      ['Session', 'User'],
      [
        'typing',
        'typing.Any',
        'sqlmodel',
        'sqlmodel.Session',
        'sqlmodel.select',
        'app.core.security',
        'app.core.security.get_password_hash',
        'app.core.security.verify_password',
        'app.models',
        'app.models.Item',
        'app.models.ItemCreate',
        'app.models.User',
        'app.models.UserCreate',
        'app.models.UserUpdate'
      ]
    ],
    [
      'view.go',
      [
        'type identifier 10-13',
        'function parseQueryToFields 16-22',
        'method parse 24-26'
      ],
      ['parse', 'Errorf', 'Validate'],
      ['identifier', 'identifiersParser', 'queryField'],
      ['errors', 'fmt', 'github.com/pocketbase/pocketbase/tools/dbutils']
    ],
    [
      'PetController.java',
      [
        'class PetController 8-34',
        'method PetController 14-16',
        // A Spring mapping: the route's path, over the same lines as its method.
        'route /pets/{petId}/edit 18-29',
        'method processUpdateForm 18-29',
        // Package-private: a scope like any other.
        'method setup 31-33'
      ],
      ['getId', 'getPet', 'rejectValue', 'save'],
      ['Owner', 'Pet', 'OwnerRepository'],
      [
        'java.util.Collection',
        'org.springframework.stereotype.Controller',
        'org.springframework.validation.BindingResult'
      ]
    ],
    [
      'TodoItems.cs',
      [
        'class TodoItems 6-21',
        'method Map 8-13',
        // A minimal API mapping (route relative to its group).
        'route {id} 10-12',
        'method UpdateTodoItem 15-20'
      ],
      ['MapPatch', 'Send', 'BadRequest'],
      ['EndpointGroupBase', 'ISender', 'UpdateTodoItemCommand'],
      [
        'CleanArchitecture.Application.TodoItems.Commands.UpdateTodoItem',
        'Microsoft.AspNetCore.Http.HttpResults'
      ]
    ],
    [
      'comments.rs',
      [
        'class Comment 8-11',
        'function router 13-15',
        'function get_article_comments 17-26'
      ],
      ['route', 'fetch_all', 'Json'],
      ['ApiContext', 'MultipleCommentsBody'],
      [
        'axum::extract::{Extension, Path}',
        'crate::http::extractor::AuthUser',
        'crate::http::{ApiContext, Result}',
        'listing'
      ]
    ],
    [
      'articles_controller.rb',
      [
        'class ArticlesController 3-26',
        'method index 6-9',
        'method create 11-19',
        'method article_params 23-25'
      ],
      ['tagged_with', 'permit', 'save'],
      ['Article', 'ApplicationController'],
      ['../services/feed']
    ],
    [
      'UserService.kt',
      [
        'class UserService 6-16',
        'function findByEmail 7-9',
        'function register 11-15'
      ],
      ['findByEmail', 'save', 'notify'],
      ['User', 'UserRepository'],
      ['io.realworld.model.User', 'io.realworld.repository.UserRepository']
    ],
    [
      'UserController.php',
      [
        'class UserController 8-20',
        'method show 10-14',
        'method respond 16-19'
      ],
      ['findOrFail', 'respond', 'json'],
      ['User', 'Request', 'Controller'],
      ['App\\Models\\User', 'Illuminate\\Http\\Request']
    ],
    [
      'routes.ts',
      [
        // A module-level constant: what other files may use.
        'constant orders 5-5',
        'function listOrders 8-10',
        // An Express route: its callback is scoped like a function.
        'route /orders 12-14',
        'class OrderService 16-20',
        'method cancel 17-19',
        'constant legacy 22-22',
        // CommonJS exports are what other files use of this one.
        'function legacyExportCsv 23-23'
      ],
      ['listOrders', 'query', 'Router'],
      ['Order', 'Promise'],
      ['express', '@/db/pool', './models.js', './legacy']
    ]
  ])(
    '%s: definitions, calls, types and imports',
    async (file, definitions, called, used, imported) => {
      const syntax = await read(file)
      expect(defs(syntax)).toEqual(definitions)
      for (const name of called) expect(calls(syntax), name).toContain(name)
      for (const name of used) expect(types(syntax), name).toContain(name)
      expect(imports(syntax)).toEqual(imported)
    }
  )

  it('finds the definitions around a line, innermost first, whole', async () => {
    const syntax = await read('PetController.java')
    expect(
      definitionsAround(syntax, 23).map((d) => [d.name, d.start, d.end])
    ).toEqual([
      ['processUpdateForm', 18, 29],
      // Of the same extent, the method before the route that annotates it.
      ['/pets/{petId}/edit', 18, 29],
      ['PetController', 8, 34]
    ])
    // A comment or blank line between definitions belongs to none of them.
    expect(definitionsAround(syntax, 30).map((d) => d.name)).toEqual([
      'PetController'
    ])
  })

  it('has no grammar for other files, and says so with undefined', async () => {
    expect(grammarOf('schema.sql')).toBeUndefined()
    expect(await readSyntax('notes.md', '# Notes\n')).toBeUndefined()
    expect(grammarOf('app/Main.KT')).toBe('kotlin')
  })
})
