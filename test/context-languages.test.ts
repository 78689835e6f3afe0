/**
 * The context engine per language, on small repositories cut to the shape
 * of real ones (full-stack-fastapi-template, an Express API, pocketbase,
 * spring-petclinic, a Kotlin service, CleanArchitecture, realworld-axum-sqlx,
 * rails-realworld, a Laravel app). Each change edits a function of a
 * service (longer than a small file, so its enclosing definition is shown,
 * not the file), makes it call a helper imported from another file, and
 * deletes a function another file still calls. The context must hold:
 * the enclosing definition, the helper's definition through the import,
 * the caller with the definition it sits in, the test that calls the
 * function whatever its file name, and the removed function's remaining use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGitFixture } from '../dev/git-fixture.js'
import type { GitFixture } from '../dev/git-fixture.js'
import { unitContext } from './helpers/unit-context.js'

interface LanguageCase {
  /** Files that do not change. */
  files: Record<string, string>
  /** The service: before and after (the filler goes before its functions). */
  service: { path: string; comment: string; before: string; after: string }
  expected: {
    enclosing: string
    callee: string
    caller: string
    test: string
    removed: string
  }
}

const CASES: Record<string, LanguageCase> = {
  python: {
    files: {
      'backend/app/core/security.py':
        'def verify_password(plain, hashed):\n    return plain == hashed\n',
      'backend/app/api/routes/login.py':
        'from app import crud\n\n\ndef login_access_token(session, form):\n    user = crud.authenticate(session, form.username, form.password)\n    old = crud.legacy_lookup(session, form.username)\n    return user\n',
      'backend/tests/crud/test_user.py':
        'from app import crud\n\n\ndef test_check_if_user_is_active(db):\n    assert crud.authenticate(db, "a", "b")\n'
    },
    service: {
      path: 'backend/app/crud.py',
      comment: '#',
      before:
        'from app.core.security import verify_password\n\n\ndef authenticate(session, email, password):\n    user = session.get(email)\n    return user\n\n\n# end of the current helpers\n\n\ndef legacy_lookup(session, email):\n    return session.get(email)\n',
      after:
        'from app.core.security import verify_password\n\n\ndef authenticate(session, email, password):\n    user = session.get(email)\n    if not verify_password(password, user.hashed_password):\n        return None\n    return user\n\n\n# end of the current helpers\n'
    },
    expected: {
      enclosing: 'backend/app/crud.py: function authenticate',
      callee:
        'backend/app/core/security.py: function verify_password (lines 1-2), used at backend/app/crud.py:',
      caller:
        'backend/app/api/routes/login.py:5 (in function login_access_token):',
      test: 'backend/tests/crud/test_user.py:5 (in function test_check_if_user_is_active):',
      removed:
        'backend/app/api/routes/login.py:6 (in function login_access_token):'
    }
  },
  typescript: {
    files: {
      'src/db/pool.ts':
        'export async function query(sql: string, params: unknown[] = []) {\n  return pool.execute(sql, params)\n}\n',
      'src/api/routes.ts':
        "import { Router } from 'express'\nimport { listOrders, exportLegacyCsv } from '../orders/service.js'\n\nexport const orders = Router()\n\norders.get('/orders', async (req, res) => {\n  res.json(await listOrders(String(req.query.customer)))\n})\n\norders.get('/orders.csv', async (req, res) => {\n  res.send(exportLegacyCsv())\n})\n",
      'e2e/flows/checkout.test.ts':
        "import { listOrders } from '../../src/orders/service.js'\n\nit('lists', async () => {\n  expect(await listOrders('c1')).toEqual([])\n})\n"
    },
    service: {
      path: 'src/orders/service.ts',
      comment: '//',
      before:
        "import { query } from '../db/pool.js'\n\nexport async function listOrders(customer: string) {\n  return []\n}\n\n// end of the current helpers\n\nexport function exportLegacyCsv() {\n  return ''\n}\n",
      after:
        "import { query } from '../db/pool.js'\n\nexport async function listOrders(customer: string) {\n  return query('SELECT * FROM orders WHERE customer = $1', [customer])\n}\n\n// end of the current helpers\n"
    },
    expected: {
      enclosing: 'src/orders/service.ts: function listOrders',
      callee:
        'src/db/pool.ts: function query (lines 1-3), used at src/orders/service.ts:',
      caller: 'src/api/routes.ts:7 (in route /orders):',
      // An `it` callback is in no named definition.
      test: 'e2e/flows/checkout.test.ts:4: expect(',
      removed: 'src/api/routes.ts:11 (in route /orders.csv):'
    }
  },
  go: {
    files: {
      'go.mod': 'module github.com/acme/base\n\ngo 1.22\n',
      'tools/dbutils/validate.go':
        'package dbutils\n\nfunc ValidateViewQuery(q string) error {\n\treturn nil\n}\n',
      'apis/collection.go':
        'package apis\n\nimport "github.com/acme/base/core"\n\nfunc collectionCreate(q string) error {\n\treturn core.CreateViewSchema(q)\n}\n\nfunc collectionLegacy(q string) error {\n\treturn core.LegacyViewSchema(q)\n}\n',
      'tests/api/views_flow_test.go':
        'package api\n\nimport "github.com/acme/base/core"\n\nfunc TestViews(t *testing.T) {\n\t_ = core.CreateViewSchema("select 1")\n}\n'
    },
    service: {
      path: 'core/view.go',
      comment: '//',
      before:
        'package core\n\nimport "github.com/acme/base/tools/dbutils"\n\nfunc CreateViewSchema(q string) error {\n\treturn nil\n}\n\n// end of the current helpers\n\nfunc LegacyViewSchema(q string) error {\n\treturn nil\n}\n',
      after:
        'package core\n\nimport "github.com/acme/base/tools/dbutils"\n\nfunc CreateViewSchema(q string) error {\n\treturn dbutils.ValidateViewQuery(q)\n}\n\n// end of the current helpers\n'
    },
    expected: {
      enclosing: 'core/view.go: function CreateViewSchema',
      callee:
        'tools/dbutils/validate.go: function ValidateViewQuery (lines 3-5), used at core/view.go:',
      caller: 'apis/collection.go:6 (in function collectionCreate):',
      test: 'tests/api/views_flow_test.go:6 (in function TestViews):',
      removed: 'apis/collection.go:10 (in function collectionLegacy):'
    }
  },
  java: {
    files: {
      'src/main/java/org/acme/model/BaseEntity.java':
        'package org.acme.model;\n\npublic class BaseEntity {\n\tpublic Integer getIdentity() {\n\t\treturn id;\n\t}\n}\n',
      'src/main/java/org/acme/owner/PetController.java':
        'package org.acme.owner;\n\nclass PetController {\n\tString processUpdateForm(Pet pet) {\n\t\tpetService.updatePetDetails(pet);\n\t\treturn "redirect";\n\t}\n\n\tString legacy(Pet pet) {\n\t\treturn petService.findLegacyOwner(pet);\n\t}\n}\n',
      'src/test/java/org/acme/ClinicFlowChecks.java':
        'package org.acme;\n\nclass ClinicFlowChecks {\n\tvoid updatesPets() {\n\t\tservice.updatePetDetails(pet);\n\t}\n}\n'
    },
    service: {
      path: 'src/main/java/org/acme/owner/PetService.java',
      comment: '//',
      before:
        'package org.acme.owner;\n\nimport org.acme.model.BaseEntity;\n\nclass PetService {\n\tvoid updatePetDetails(Pet pet) {\n\t\tsave(pet);\n\t}\n\n\t// end of the current helpers\n\n\tString findLegacyOwner(Pet pet) {\n\t\treturn "";\n\t}\n}\n',
      after:
        'package org.acme.owner;\n\nimport org.acme.model.BaseEntity;\n\nclass PetService {\n\tvoid updatePetDetails(Pet pet) {\n\t\tif (pet.getIdentity() != null) save(pet);\n\t}\n\n\t// end of the current helpers\n}\n'
    },
    expected: {
      enclosing:
        'src/main/java/org/acme/owner/PetService.java: function updatePetDetails',
      callee:
        'src/main/java/org/acme/model/BaseEntity.java: method getIdentity (lines 4-6), used at src/main/java/org/acme/owner/PetService.java:',
      caller:
        'src/main/java/org/acme/owner/PetController.java:5 (in method processUpdateForm):',
      test: 'src/test/java/org/acme/ClinicFlowChecks.java:5 (in method updatesPets):',
      removed:
        'src/main/java/org/acme/owner/PetController.java:10 (in method legacy):'
    }
  },
  kotlin: {
    files: {
      'src/main/kotlin/io/realworld/security/Hashing.kt':
        'package io.realworld.security\n\nfun checkPassword(plain: String, hashed: String): Boolean {\n    return plain == hashed\n}\n',
      'src/main/kotlin/io/realworld/web/UserHandler.kt':
        'package io.realworld.web\n\nimport io.realworld.service.loginUser\nimport io.realworld.service.legacyLogin\n\nfun login(email: String, password: String) {\n    loginUser(email, password)\n}\n\nfun oldLogin(email: String) {\n    legacyLogin(email)\n}\n',
      'src/test/kotlin/io/realworld/LoginFlowChecks.kt':
        'package io.realworld\n\nfun loginWorks() {\n    loginUser("a", "b")\n}\n'
    },
    service: {
      path: 'src/main/kotlin/io/realworld/service/UserService.kt',
      comment: '//',
      before:
        'package io.realworld.service\n\nimport io.realworld.security.checkPassword\n\nfun loginUser(email: String, password: String): Boolean {\n    return true\n}\n\n// end of the current helpers\n\nfun legacyLogin(email: String): Boolean {\n    return false\n}\n',
      after:
        'package io.realworld.service\n\nimport io.realworld.security.checkPassword\n\nfun loginUser(email: String, password: String): Boolean {\n    return checkPassword(password, email)\n}\n\n// end of the current helpers\n'
    },
    expected: {
      enclosing:
        'src/main/kotlin/io/realworld/service/UserService.kt: function loginUser',
      callee:
        'src/main/kotlin/io/realworld/security/Hashing.kt: function checkPassword (lines 3-5), used at src/main/kotlin/io/realworld/service/UserService.kt:',
      caller:
        'src/main/kotlin/io/realworld/web/UserHandler.kt:7 (in function login):',
      test: 'src/test/kotlin/io/realworld/LoginFlowChecks.kt:4 (in function loginWorks):',
      removed:
        'src/main/kotlin/io/realworld/web/UserHandler.kt:11 (in function oldLogin):'
    }
  },
  csharp: {
    files: {
      'src/Domain/Rules/Pricing.cs':
        'namespace Acme.Domain.Rules;\n\npublic static class Pricing\n{\n    public static int Discount(int total) => total / 10;\n}\n',
      'src/Web/Endpoints/Orders.cs':
        'using Acme.Application.Orders;\n\nnamespace Acme.Web.Endpoints;\n\npublic class Orders\n{\n    public int Get(OrderService service)\n    {\n        return service.OrderTotal(3);\n    }\n\n    public int Old(OrderService service)\n    {\n        return service.LegacyTotal(3);\n    }\n}\n',
      'tests/Application.FunctionalTests/OrderFlow.cs':
        'namespace Acme.FunctionalTests;\n\npublic class OrderFlow\n{\n    public void Totals()\n    {\n        Assert.Equal(1, service.OrderTotal(1));\n    }\n}\n'
    },
    service: {
      path: 'src/Application/Orders/OrderService.cs',
      comment: '//',
      before:
        'using Acme.Domain.Rules;\n\nnamespace Acme.Application.Orders;\n\npublic class OrderService\n{\n    public int OrderTotal(int total)\n    {\n        return total;\n    }\n\n    // end of the current helpers\n\n    public int LegacyTotal(int total)\n    {\n        return total;\n    }\n}\n',
      after:
        'using Acme.Domain.Rules;\n\nnamespace Acme.Application.Orders;\n\npublic class OrderService\n{\n    public int OrderTotal(int total)\n    {\n        return total - Pricing.Discount(total);\n    }\n\n    // end of the current helpers\n}\n'
    },
    expected: {
      enclosing: 'src/Application/Orders/OrderService.cs: function OrderTotal',
      callee:
        'src/Domain/Rules/Pricing.cs: method Discount (lines 5-5), used at src/Application/Orders/OrderService.cs:',
      caller: 'src/Web/Endpoints/Orders.cs:9 (in method Get):',
      test: 'tests/Application.FunctionalTests/OrderFlow.cs:7 (in method Totals):',
      removed: 'src/Web/Endpoints/Orders.cs:14 (in method Old):'
    }
  },
  rust: {
    files: {
      'src/db/stamps.rs':
        'pub fn to_timestamptz(at: i64) -> Timestamptz {\n    Timestamptz(at)\n}\n',
      'src/http/mod.rs':
        'use crate::http::comments::{update_comment, legacy_comment};\n\npub fn router() {\n    update_comment(1);\n    legacy_comment(2);\n}\n',
      'tests/api_flow.rs':
        'use realworld::http::comments::update_comment;\n\n#[test]\nfn updates_comments() {\n    update_comment(1);\n}\n'
    },
    service: {
      path: 'src/http/comments.rs',
      comment: '//',
      before:
        'use crate::db::stamps::to_timestamptz;\n\npub fn update_comment(id: i64) -> i64 {\n    id\n}\n\n// end of the current helpers\n\npub fn legacy_comment(id: i64) -> i64 {\n    id\n}\n',
      after:
        'use crate::db::stamps::to_timestamptz;\n\npub fn update_comment(id: i64) -> i64 {\n    to_timestamptz(id).0\n}\n\n// end of the current helpers\n'
    },
    expected: {
      enclosing: 'src/http/comments.rs: function update_comment',
      callee:
        'src/db/stamps.rs: function to_timestamptz (lines 1-3), used at src/http/comments.rs:',
      caller: 'src/http/mod.rs:4 (in function router):',
      test: 'tests/api_flow.rs:5 (in function updates_comments):',
      removed: 'src/http/mod.rs:5 (in function router):'
    }
  },
  ruby: {
    files: {
      'app/models/article.rb':
        'class Article < ApplicationRecord\n  def self.recent_first\n    order(created_at: :desc)\n  end\nend\n',
      'app/controllers/articles_controller.rb':
        'class ArticlesController < ApplicationController\n  def index\n    @articles = FeedBuilder.new.build_feed(current_user)\n  end\n\n  def old\n    FeedBuilder.new.legacy_feed\n  end\nend\n',
      'spec/requests/home_page_spec.rb':
        'describe "home" do\n  it "shows the feed" do\n    expect(FeedBuilder.new.build_feed(user)).to be_empty\n  end\nend\n'
    },
    service: {
      path: 'app/services/feed_builder.rb',
      comment: '#',
      before:
        'class FeedBuilder\n  def build_feed(user)\n    []\n  end\n\n  # end of the current helpers\n\n  def legacy_feed\n    []\n  end\nend\n',
      after:
        'class FeedBuilder\n  def build_feed(user)\n    Article.recent_first\n  end\n\n  # end of the current helpers\nend\n'
    },
    expected: {
      enclosing: 'app/services/feed_builder.rb: function build_feed',
      callee:
        'app/models/article.rb: class Article (lines 1-5), used at app/services/feed_builder.rb:',
      caller: 'app/controllers/articles_controller.rb:3 (in method index):',
      test: 'spec/requests/home_page_spec.rb:3',
      removed: 'app/controllers/articles_controller.rb:7 (in method old):'
    }
  },
  php: {
    files: {
      'composer.json': '{"autoload": {"psr-4": {"App\\\\": "app/"}}}\n',
      'app/Support/Hasher.php':
        '<?php\nnamespace App\\Support;\n\nclass Hasher\n{\n    public static function checkSecret($plain, $hashed)\n    {\n        return $plain === $hashed;\n    }\n}\n',
      'app/Http/Controllers/UserController.php':
        '<?php\nnamespace App\\Http\\Controllers;\n\nuse App\\Services\\UserService;\n\nclass UserController\n{\n    public function login($request)\n    {\n        return $this->users->authenticate($request->email, $request->password);\n    }\n\n    public function old($request)\n    {\n        return $this->users->legacyLookup($request->email);\n    }\n}\n',
      'tests/Feature/LoginFlowTest.php':
        '<?php\n\nclass LoginFlowTest\n{\n    public function testLogin()\n    {\n        $this->assertTrue($this->users->authenticate("a", "b"));\n    }\n}\n'
    },
    service: {
      path: 'app/Services/UserService.php',
      comment: '//',
      before:
        '<?php\nnamespace App\\Services;\n\nuse App\\Support\\Hasher;\n\nclass UserService\n{\n    public function authenticate($email, $password)\n    {\n        return true;\n    }\n\n    // end of the current helpers\n\n    public function legacyLookup($email)\n    {\n        return null;\n    }\n}\n',
      after:
        '<?php\nnamespace App\\Services;\n\nuse App\\Support\\Hasher;\n\nclass UserService\n{\n    public function authenticate($email, $password)\n    {\n        return Hasher::checkSecret($password, $email);\n    }\n\n    // end of the current helpers\n}\n'
    },
    expected: {
      enclosing: 'app/Services/UserService.php: function authenticate',
      // `Hasher::checkSecret`: the class named, shown whole (it holds the method).
      callee:
        'app/Support/Hasher.php: class Hasher (lines 4-10), used at app/Services/UserService.php:',
      caller: 'app/Http/Controllers/UserController.php:10 (in method login):',
      test: 'tests/Feature/LoginFlowTest.php:7 (in method testLogin):',
      removed: 'app/Http/Controllers/UserController.php:15 (in method old):'
    }
  }
}

/**
 * The service as committed: filler lines before its first function (so it
 * is longer than a file shown whole) and inside the changed function after
 * its signature (so the diff's context lines do not show it all).
 */
function withFiller(text: string, comment: string, changed: string): string {
  const lines = (n: number, indent: string): string =>
    Array.from({ length: n }, (_, i) => `${indent}${comment} note ${i}`).join(
      '\n'
    )
  const rows = text.split('\n')
  const signature = rows.findIndex((row) => row.includes(`${changed}(`))
  rows.splice(signature + 1, 0, lines(8, '    '))
  const body = rows.join('\n')
  // After the first blank line: past a file's package, namespace and imports.
  const at = body.indexOf('\n\n') + 2
  return `${body.slice(0, at)}${lines(130, '')}\n${body.slice(at)}`
}

describe.each(Object.entries(CASES))('context for a %s change', (_, spec) => {
  let repo: GitFixture
  let context: Awaited<ReturnType<typeof unitContext>>

  beforeAll(async () => {
    repo = createGitFixture()
    for (const [path, text] of Object.entries(spec.files))
      repo.write(path, text)
    const { path, comment, before, after } = spec.service
    const changed = spec.expected.enclosing.split(' ').at(-1)!
    repo.write(path, withFiller(before, comment, changed))
    const base = repo.commit('base')
    repo.write(path, withFiller(after, comment, changed))
    const head = repo.commit('change')
    context = await unitContext(repo, base, head, 20_000)
  })
  afterAll(() => repo.cleanup())

  const titles = (): string => context.included.join('\n')

  it('shows the whole enclosing definition, not the file', () => {
    expect(titles()).toContain(spec.expected.enclosing)
    expect(titles()).not.toContain(`${spec.service.path} (whole file`)
  })

  it('shows the definition the changed line calls, in another file, through the import (a small file whole)', () => {
    const [path, what] = spec.expected.callee.split(/: (.*)/s)
    expect(
      context.included.filter(
        (t) => t.startsWith(`${path} (whole file, `) && t.includes(`): ${what}`)
      ),
      titles()
    ).toHaveLength(1)
  })

  it('shows a caller, with the definition it sits in', () => {
    expect(context.text).toContain(spec.expected.caller)
  })

  it('shows the test that calls the changed function, whatever its file name', () => {
    expect(titles()).toMatch(/^Tests that use /m)
    expect(context.text).toContain(spec.expected.test)
  })

  it('shows where a removed definition is still used', () => {
    expect(titles()).toMatch(/^Still used after .* removed it: /m)
    expect(context.text).toContain(spec.expected.removed)
  })

  it('fits the budget, with nothing twice', () => {
    expect(context.tokens).toBeLessThanOrEqual(20_000)
    expect(new Set(context.included).size).toBe(context.included.length)
  })
})
