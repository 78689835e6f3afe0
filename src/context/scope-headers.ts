/**
 * What opens a scope, per language: declaration headers, the annotations
 * that belong to the declaration below them, and those naming a route.
 */
import type { Language } from './languages.js'
import type { Scope } from './scope-finder.js'

export interface Header {
  kind: Scope['kind']
  name?: string
}

const MODIFIERS_JVM =
  '(?:(?:public|private|protected|internal|static|final|abstract|synchronized|native|default|open|override|suspend|inline|operator|infix|tailrec|sealed|data|enum|inner|annotation|value)\\s+)'
const MODIFIERS_CS =
  '(?:(?:public|private|protected|internal|static|virtual|override|async|sealed|abstract|extern|new|unsafe|partial|readonly|file|required)\\s+)'

/**
 * Declarations that open a scope, per language, tried on a logical line
 * (a signature spread over several lines is joined first).
 */
export const HEADERS: Record<
  Exclude<Language, 'sql'>,
  Array<[RegExp, Scope['kind']]>
> = {
  js: [
    [
      /\b(?:app|router|server|api)\s*\.\s*(?:get|post|put|patch|delete|all|use)\s*\(\s*['"`]([^'"`]+)/,
      'route'
    ],
    [/^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+(\w+)/, 'class'],
    [
      /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*(\w+)\s*[<(]/,
      'function'
    ],
    [
      /^\s*(?:export\s+)?(?:const|let|var)\s+(\w+)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:\([^)]*\)|\w+)\s*(?::[^=]+)?=>/,
      'function'
    ],
    [
      /^\s*(?:(?:public|private|protected|static|async|readonly|override|get|set)\s+)*(\w+)\s*(?:<[^>]*>)?\s*\(.*\)\s*(?::\s*[^{]+)?\{\s*$/,
      'function'
    ]
  ],
  go: [
    [/^func\s+(?:\([^)]*\)\s*)?(\w+)\s*[[(]/, 'function'],
    [/^type\s+(\w+)\s+(?:struct|interface)\b/, 'class']
  ],
  java: [
    [
      new RegExp(
        `^\\s*${MODIFIERS_JVM}*(?:class|interface|enum|record|@interface)\\s+(\\w+)`
      ),
      'class'
    ],
    [
      new RegExp(
        `^\\s*${MODIFIERS_JVM}+(?:<[^>]*>\\s*)?(?:[\\w<>[\\],.?\\s]+?\\s+)?(\\w+)\\s*\\([^;]*$`
      ),
      'function'
    ]
  ],
  kotlin: [
    [
      new RegExp(`^\\s*${MODIFIERS_JVM}*(?:class|object|interface)\\s+(\\w+)`),
      'class'
    ],
    [
      new RegExp(
        `^\\s*${MODIFIERS_JVM}*fun\\s+(?:<[^>]*>\\s*)?(?:[\\w.<>?]+\\.)?(\\w+)\\s*\\(`
      ),
      'function'
    ]
  ],
  csharp: [
    [
      /\b(?:app|group|routes|api|endpoints)\s*\.\s*Map(?:Get|Post|Put|Patch|Delete|Methods)\s*\(\s*@?"([^"]+)"/,
      'route'
    ],
    [
      new RegExp(
        `^\\s*${MODIFIERS_CS}*(?:class|interface|struct|record(?:\\s+(?:class|struct))?|enum)\\s+(\\w+)`
      ),
      'class'
    ],
    [
      new RegExp(
        `^\\s*${MODIFIERS_CS}+(?:[\\w<>[\\],.?\\s()]+?\\s+)?(\\w+)\\s*(?:<[^>()]*>)?\\s*\\([^;]*$`
      ),
      'function'
    ]
  ],
  rust: [
    [
      /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?fn\s+(\w+)/,
      'function'
    ],
    [
      /^\s*(?:unsafe\s+)?impl(?:<[^>]*>)?\s+(?:[\w:<>, ]+?\s+for\s+)?([\w:]+)/,
      'class'
    ],
    [/^\s*(?:pub(?:\([^)]*\))?\s+)?(?:struct|enum|trait|mod)\s+(\w+)/, 'class']
  ],
  php: [
    [
      /\bRoute::(?:get|post|put|patch|delete|any|match)\s*\(\s*['"]([^'"]+)/,
      'route'
    ],
    [
      /^\s*(?:(?:final|abstract|readonly)\s+)*(?:class|interface|trait|enum)\s+(\w+)/,
      'class'
    ],
    [
      /^\s*(?:(?:public|private|protected|static|final|abstract)\s+)*function\s+&?(\w+)\s*\(/,
      'function'
    ]
  ],
  python: [
    [
      /^\s*@(?:app|router|bp|blueprint|api)\.(?:get|post|put|patch|delete|route|api_route)\(\s*['"]([^'"]+)/,
      'route'
    ],
    [/^\s*class\s+(\w+)/, 'class'],
    [/^\s*(?:async\s+)?def\s+(\w+)/, 'function']
  ],
  ruby: [
    [/^\s*(?:class|module)\s+([\w:]+)/, 'class'],
    [/^\s*def\s+(?:self\.)?(\w+[?!=]?)/, 'function']
  ]
}

/** A line that annotates the declaration below it: decorators, annotations, attributes. */
export const ANNOTATION: Partial<Record<Language, RegExp>> = {
  js: /^\s*@\w/,
  python: /^\s*@\w/,
  java: /^\s*@(?!interface\b)\w/,
  kotlin: /^\s*@\w/,
  csharp: /^\s*\[\w/,
  rust: /^\s*#!?\[/,
  php: /^\s*#\[/
}

/** Annotations that name the route their method serves (NestJS, Spring, ASP.NET, actix, Symfony). */
export const ROUTE_ANNOTATION =
  /^\s*(?:@(?:Get|Post|Put|Patch|Delete|All)\(\s*['"`]([^'"`]*)|@(?:Get|Post|Put|Patch|Delete|Request)Mapping\(\s*(?:(?:value|path)\s*=\s*)?\{?\s*"([^"]*)"|\[(?:Http(?:Get|Post|Put|Patch|Delete)|Route)\(\s*"([^"]*)"|#\[(?:get|post|put|patch|delete|route|Route)\(\s*['"]([^'"]*))/
