import { compileGlobs } from './glob.js'
import type { PathMatcher } from './glob.js'

/**
 * Files whose content never reaches the model, whatever asks for it: a
 * tool, context gathering, or the diff of a pull request that adds one.
 * Matched case-insensitively (`.ENV`, `Server.PEM`, `ID_RSA`); a pattern
 * without a slash names a file at any depth. Teams add their own with the
 * `blocked-paths` input. Kept in step with README and docs/SECURITY.md by a test.
 */
export const DEFAULT_BLOCKED_PATHS = [
  // Environment files: .env, .env.production, .env-prod, .env_prod, .envrc, app.env
  '.env*',
  '*.env',
  '**/.envs/**',
  // Keys and certificates with their private parts
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.ppk',
  '*.jks',
  '*.keystore',
  '*.kdbx',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  // Credential files of tools and clouds
  'credentials',
  'credentials.*',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.pgpass',
  '.htpasswd',
  '.git-credentials',
  '**/.docker/config.json',
  '**/.kube/config',
  'kubeconfig*',
  '*.kubeconfig',
  'local.settings.json',
  '*service-account*.json',
  '*service_account*.json',
  'serviceAccountKey*.json',
  // Infrastructure state and variables
  '*.tfstate',
  '*.tfstate.*',
  '*.tfvars',
  '*.tfvars.json',
  'secrets.*',
  '**/.aws/**',
  '**/.ssh/**',
  '**/.gnupg/**'
]

/** The blocked pattern a path matches (defaults, then `extra`), if any; case-insensitive. */
export function blockedPathMatcher(extra: readonly string[] = []): PathMatcher {
  return compileGlobs([...DEFAULT_BLOCKED_PATHS, ...extra], { nocase: true })
}

/**
 * Key material by its content, whatever the file is called: each pattern
 * is valid both as a JavaScript RegExp and as PCRE (for `git grep -P`).
 */
const KEY_MATERIAL: Array<[string, string]> = [
  ['-----BEGIN [A-Z0-9 ]*PRIVATE KEY', 'a private key'],
  ['"type"\\s*:\\s*"service_account"', 'a service-account key'],
  // kubeconfig: a client key, or a service account's bearer token (a JWT)
  ['client-key-data\\s*:\\s*[A-Za-z0-9+/=]{16}', 'a Kubernetes client key'],
  ['\\btoken\\s*:\\s*["\']?eyJ[A-Za-z0-9_-]{10,}', 'a Kubernetes token'],
  ['_authToken\\s*=\\s*[^\\s$]', 'an npm token'],
  ['aws_secret_access_key\\s*=\\s*[A-Za-z0-9/+]{30}', 'an AWS secret key'],
  // Tokens by the prefixes their providers publish (gitleaks' rules)
  ['\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\\b', 'a GitHub token'],
  ['\\bgithub_pat_[A-Za-z0-9_]{60,}', 'a GitHub token'],
  ['\\bglpat-[A-Za-z0-9_-]{20}', 'a GitLab token'],
  ['\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b', 'an AWS access key'],
  ['\\bxox[baprs]-[A-Za-z0-9-]{10,}', 'a Slack token'],
  ['\\bsk_live_[A-Za-z0-9]{24,}', 'a Stripe secret key'],
  ['\\bAIza[0-9A-Za-z_-]{35}\\b', 'a Google API key'],
  ['\\bsk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{20,}', 'an Anthropic key']
]

/** All key material as one PCRE, for one search of a whole tree. */
export const KEY_MATERIAL_PATTERN = KEY_MATERIAL.map(([p]) => p).join('|')

const KEY_MATERIAL_RES = KEY_MATERIAL.map(
  ([pattern, what]) => [new RegExp(pattern), what] as const
)

/** All patterns at once: most text (every diff row) holds none, and is tested once. */
const ANY_KEY_MATERIAL = new RegExp(KEY_MATERIAL_PATTERN)

/** What key material `text` holds (a private key, a service-account key), if any. */
export function keyMaterialIn(text: string): string | undefined {
  if (!ANY_KEY_MATERIAL.test(text)) return undefined
  return KEY_MATERIAL_RES.find(([re]) => re.test(text))?.[1]
}
