/**
 * Tree-sitter queries per grammar, in the capture names of tree-sitter's
 * own `tags.scm` (which GitHub's code navigation and Aider's repository map
 * use): `@definition.<kind>` around a definition's whole node with `@name`
 * on its name, `@reference.call` with `@name` on the callee, and `@import`
 * on an import's module path. Node names differ between grammars, so each
 * grammar has its own.
 */
import type { Grammar } from '../../vocabulary/code-grammars.js'

export type { Grammar } from '../../vocabulary/code-grammars.js'

const JS_COMMON = `
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(class_declaration name: (_) @name) @definition.class
(method_definition name: (property_identifier) @name) @definition.method
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression)]) @definition.function
(program (lexical_declaration (variable_declarator name: (identifier) @name) @definition.constant))
(program (export_statement (lexical_declaration (variable_declarator name: (identifier) @name) @definition.constant)))
(member_expression object: (identifier) @reference.type)
(call_expression function: [(identifier) @name (member_expression property: (property_identifier) @name)]) @reference.call
(new_expression constructor: [(identifier) @name (member_expression property: (property_identifier) @name)]) @reference.call
(import_statement source: (string (string_fragment) @import))
(call_expression function: (identifier) @_require arguments: (arguments (string (string_fragment) @import)) (#eq? @_require "require"))
(assignment_expression left: (member_expression object: (identifier) @_m property: (property_identifier) @_e) right: (object [(pair key: (property_identifier) @name) (shorthand_property_identifier) @name] @definition.function) (#eq? @_m "module") (#eq? @_e "exports"))
(assignment_expression left: (member_expression object: (identifier) @_e property: (property_identifier) @name) (#eq? @_e "exports")) @definition.function
(call_expression function: (member_expression property: (property_identifier) @_verb) arguments: (arguments . (string (string_fragment) @name) . (_)) (#match? @_verb "^(get|post|put|patch|delete|all|head|options)$") (#match? @name "^/")) @definition.route
`

const TS_EXTRA = `
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.type
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(method_signature name: (property_identifier) @name) @definition.method
(type_identifier) @reference.type
`

export const TAG_QUERIES: Readonly<Record<Grammar, string>> = {
  javascript: JS_COMMON,
  typescript: JS_COMMON + TS_EXTRA,
  tsx: JS_COMMON + TS_EXTRA,
  python: `
(function_definition name: (identifier) @name) @definition.function
(decorated_definition definition: (function_definition name: (identifier) @name)) @definition.function
(class_definition name: (identifier) @name) @definition.class
(decorated_definition definition: (class_definition name: (identifier) @name)) @definition.class
(module (expression_statement (assignment left: (identifier) @name)) @definition.constant)
(decorated_definition (decorator (call function: (attribute attribute: (identifier) @_verb) arguments: (argument_list . (string (string_content) @name)))) (#match? @_verb "^(get|post|put|patch|delete|route|api_route|websocket)$") (#match? @name "^/")) @definition.route
(call function: [(identifier) @name (attribute attribute: (identifier) @name)]) @reference.call
(type (identifier) @reference.type)
(attribute object: (identifier) @reference.type)
(class_definition superclasses: (argument_list (identifier) @reference.type))
(import_from_statement module_name: [(dotted_name) (relative_import)] @import)
(import_from_statement module_name: [(dotted_name) (relative_import)] @import.from name: [(dotted_name) @import.member (aliased_import name: (dotted_name) @import.member)])
(import_statement name: [(dotted_name) @import (aliased_import name: (dotted_name) @import)])
`,
  go: `
(function_declaration name: (identifier) @name) @definition.function
(method_declaration name: (field_identifier) @name) @definition.method
(type_spec name: (type_identifier) @name) @definition.type
(source_file (const_declaration (const_spec name: (identifier) @name) @definition.constant))
(source_file (var_declaration (var_spec name: (identifier) @name) @definition.constant))
(selector_expression operand: (identifier) field: (field_identifier) @reference.type)
(call_expression function: [(identifier) @name (selector_expression field: (field_identifier) @name)]) @reference.call
(type_identifier) @reference.type
(import_spec path: (interpreted_string_literal) @import)
(call_expression function: (selector_expression field: (field_identifier) @_verb) arguments: (argument_list . (interpreted_string_literal) @name . (_)) (#match? @_verb "^(GET|POST|PUT|PATCH|DELETE|Any|Handle|HandleFunc|Get|Post|Put|Patch|Delete)$") (#match? @name "^.(/|[A-Z]+ /)")) @definition.route
`,
  java: `
(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.type
(record_declaration name: (identifier) @name) @definition.class
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.method
(method_invocation name: (identifier) @name) @reference.call
(object_creation_expression type: (type_identifier) @name) @reference.call
(type_identifier) @reference.type
(import_declaration (scoped_identifier) @import)
(method_declaration (modifiers (annotation name: (identifier) @_verb arguments: (annotation_argument_list . (string_literal) @name))) (#match? @_verb "^(Get|Post|Put|Patch|Delete|Request)Mapping$")) @definition.route
`,
  kotlin: `
(class_declaration name: (identifier) @name) @definition.class
(object_declaration name: (identifier) @name) @definition.class
(function_declaration name: (identifier) @name) @definition.function
(call_expression (identifier) @name) @reference.call
(call_expression (navigation_expression (identifier) @name .)) @reference.call
(user_type (identifier) @reference.type)
(import (qualified_identifier) @import)
`,
  c_sharp: `
(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(struct_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(enum_declaration name: (identifier) @name) @definition.type
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.method
(invocation_expression function: [(identifier) @name (member_access_expression name: (identifier) @name)]) @reference.call
(object_creation_expression type: (identifier) @name) @reference.call
(property_declaration name: (identifier) @name) @definition.method
(parameter type: (identifier) @reference.type)
(base_list (identifier) @reference.type)
(generic_name (identifier) @reference.type)
(type_argument_list (identifier) @reference.type)
(using_directive [(qualified_name) (identifier)] @import)
(invocation_expression function: (member_access_expression name: (identifier) @_verb) arguments: (argument_list (argument (string_literal) @name)) (#match? @_verb "^Map(Get|Post|Put|Patch|Delete|Methods)$")) @definition.route
`,
  rust: `
(function_item name: (identifier) @name) @definition.function
(struct_item name: (type_identifier) @name) @definition.class
(enum_item name: (type_identifier) @name) @definition.type
(trait_item name: (type_identifier) @name) @definition.interface
(type_item name: (type_identifier) @name) @definition.type
(const_item name: (identifier) @name) @definition.constant
(static_item name: (identifier) @name) @definition.constant
(impl_item type: (type_identifier) @name) @definition.impl
(call_expression function: [(identifier) @name (field_expression field: (field_identifier) @name) (scoped_identifier name: (identifier) @name)]) @reference.call
(macro_invocation macro: (identifier) @name) @reference.call
(type_identifier) @reference.type
(use_declaration argument: (_) @import)
(mod_item name: (identifier) @import)
`,
  ruby: `
(method name: (_) @name) @definition.method
(singleton_method name: (_) @name) @definition.method
(class name: [(constant) (scope_resolution)] @name) @definition.class
(module name: [(constant) (scope_resolution)] @name) @definition.module
(assignment left: (constant) @name) @definition.constant
(call method: (identifier) @name) @reference.call
(call receiver: (constant) @reference.type)
(superclass (constant) @reference.type)
(call method: (identifier) @_req arguments: (argument_list (string (string_content) @import)) (#match? @_req "^require(_relative)?$"))
`,
  php: `
(function_definition name: (name) @name) @definition.function
(method_declaration name: (name) @name) @definition.method
(class_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(trait_declaration name: (name) @name) @definition.interface
(function_call_expression function: (name) @name) @reference.call
(member_call_expression name: (name) @name) @reference.call
(scoped_call_expression name: (name) @name) @reference.call
(object_creation_expression (name) @name) @reference.call
(scoped_call_expression scope: (name) @reference.type)
(named_type (name) @reference.type)
(base_clause (name) @reference.type)
(namespace_use_clause (qualified_name) @import)
`
}
