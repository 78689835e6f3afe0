/** Tests for src/context/syntax/import-resolution.ts: each language's imports to repository files. */
import { describe, expect, it } from 'vitest'
import { resolveImports } from '../src/context/syntax/import-resolution.js'
import { readSyntax } from '../src/context/syntax/syntax-index.js'

/** Resolves `path`'s imports in a repository of `files` (path → text). */
async function resolved(
  path: string,
  source: string,
  files: Record<string, string>
): Promise<string[]> {
  const syntax = (await readSyntax(path, source))!
  const all = { ...files, [path]: source }
  return resolveImports(path, syntax, {
    paths: new Set(Object.keys(all)),
    read: async (p) => all[p]
  })
}

describe('resolveImports', () => {
  it('Java and Kotlin: a class by its package path, in main or test sources', async () => {
    expect(
      await resolved(
        'src/test/java/org/example/owner/OwnerTests.java',
        'package org.example.owner;\nimport org.example.model.BaseEntity;\nimport java.util.List;\nclass OwnerTests {}\n',
        {
          'src/main/java/org/example/model/BaseEntity.java':
            'class BaseEntity {}'
        }
      )
    ).toEqual(['src/main/java/org/example/model/BaseEntity.java'])
    expect(
      await resolved(
        'src/main/kotlin/io/realworld/service/UserService.kt',
        'package io.realworld.service\nimport io.realworld.repository.UserRepository\nclass UserService\n',
        {
          'src/main/kotlin/io/realworld/repository/UserRepository.kt':
            'interface UserRepository'
        }
      )
    ).toEqual(['src/main/kotlin/io/realworld/repository/UserRepository.kt'])
  })

  it('Java and Go: the other files of the same package need no import', async () => {
    expect(
      await resolved(
        'src/main/java/org/example/owner/PetController.java',
        'package org.example.owner;\nclass PetController { void f(Owner o) { o.getPet("x"); } }\n',
        {
          'src/main/java/org/example/owner/Owner.java':
            'class Owner { Pet getPet(String n) { return null; } }',
          'src/main/java/org/example/vet/Vet.java': 'class Vet {}'
        }
      )
    ).toEqual(['src/main/java/org/example/owner/Owner.java'])
    expect(
      await resolved('core/view.go', 'package core\nfunc f() { g() }\n', {
        'core/other.go': 'package core\nfunc g() {}\n',
        'core/view_test.go': 'package core\n'
      })
    ).toEqual(['core/other.go'])
  })

  it('C#: a namespace as the folder of its files, the project name aside', async () => {
    expect(
      await resolved(
        'src/Web/Endpoints/TodoItems.cs',
        'using CleanArchitecture.Application.TodoItems.Commands.UpdateTodoItem;\nusing Microsoft.AspNetCore.Http;\nclass TodoItems {}\n',
        {
          'src/Application/TodoItems/Commands/UpdateTodoItem/UpdateTodoItem.cs':
            'class UpdateTodoItemCommand {}',
          'src/Application/TodoItems/Commands/UpdateTodoItem/UpdateTodoItemCommandValidator.cs':
            'class V {}'
        }
      )
    ).toEqual([
      'src/Application/TodoItems/Commands/UpdateTodoItem/UpdateTodoItem.cs',
      'src/Application/TodoItems/Commands/UpdateTodoItem/UpdateTodoItemCommandValidator.cs'
    ])
  })

  it('Rust: crate:: paths (an item at the end) and mod declarations', async () => {
    expect(
      await resolved(
        'src/http/articles/comments.rs',
        'use crate::http::extractor::AuthUser;\nuse crate::http::{ApiContext, Result};\nuse axum::Json;\nmod listing;\n',
        {
          'src/http/extractor.rs': 'pub struct AuthUser;',
          'src/http/mod.rs': 'pub struct ApiContext;',
          'src/http/articles/comments/listing.rs': 'fn list() {}'
        }
      )
    ).toEqual([
      'src/http/extractor.rs',
      'src/http/mod.rs',
      'src/http/articles/comments/listing.rs'
    ])
  })

  it('PHP: PSR-4 prefixes from composer.json; Ruby: require_relative', async () => {
    expect(
      await resolved(
        'app/Http/Controllers/UserController.php',
        '<?php\nnamespace App\\Http\\Controllers;\nuse App\\Models\\User;\nuse Illuminate\\Http\\Request;\nclass UserController {}\n',
        {
          'composer.json': '{ "autoload": { "psr-4": { "App\\\\": "app/" } } }',
          'app/Models/User.php': '<?php class User {}'
        }
      )
    ).toEqual(['app/Models/User.php'])
    expect(
      await resolved(
        'app/controllers/feed_controller.rb',
        "require_relative '../services/feed'\nclass FeedController\nend\n",
        { 'app/services/feed.rb': 'class Feed; end' }
      )
    ).toEqual(['app/services/feed.rb'])
  })

  it('Python: a standard-library name is not the repository’s file of the same name', async () => {
    expect(
      await resolved(
        'backend/app/crud.py',
        'import typing\nfrom app.core import security\n',
        {
          'tools/typing.py': 'x = 1',
          'backend/app/core/__init__.py': '',
          'backend/app/core/security.py': 'def verify_password(): pass'
        }
      )
    ).toEqual(['backend/app/core/__init__.py', 'backend/app/core/security.py'])
  })
})
