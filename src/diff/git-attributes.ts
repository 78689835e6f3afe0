import picomatch from 'picomatch'
import { anchorPattern } from '../text/glob.js'

interface AttributeRule {
  match: (path: string) => boolean
  attributes: Map<string, boolean>
}

/**
 * The linguist attributes of a repository's root `.gitattributes`, which
 * GitHub itself uses to collapse generated and vendored files in PR diffs.
 */
export class GitAttributes {
  private readonly rules: AttributeRule[]

  constructor(text = '') {
    this.rules = parseRules(text)
  }

  /** Marked `linguist-generated` (the last matching line wins, as in git). */
  isGenerated(path: string): boolean {
    return this.linguist(path, 'generated') === true
  }

  /** Marked `linguist-vendored`. */
  isVendored(path: string): boolean {
    return this.linguist(path, 'vendored') === true
  }

  /**
   * Marked so that git shows no text diff: `-diff`, or the `binary` macro
   * (`-diff -merge -text`); the last matching line that says either wins.
   */
  hidesDiff(path: string): boolean {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i]
      const binary = rule.attributes.get('binary')
      const diff = rule.attributes.get('diff')
      if ((binary === undefined && diff === undefined) || !rule.match(path))
        continue
      return binary === true || diff === false
    }
    return false
  }

  /**
   * `linguist-<name>` as set (true), unset (`-linguist-<name>` or `=false`:
   * false) or not mentioned (undefined), so a team can say a file that looks
   * generated is not.
   */
  linguist(path: string, name: 'generated' | 'vendored'): boolean | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i]
      const value = rule.attributes.get(`linguist-${name}`)
      if (value !== undefined && rule.match(path)) return value
    }
    return undefined
  }
}

function parseRules(text: string): AttributeRule[] {
  const rules: AttributeRule[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const [pattern, ...tokens] = line.split(/\s+/)
    const attributes = new Map<string, boolean>()
    for (const token of tokens) {
      if (token.startsWith('-') || token.startsWith('!')) {
        attributes.set(token.slice(1), false)
      } else {
        const [name, value] = token.split('=', 2)
        attributes.set(name, value === undefined || !/^(false|0)$/i.test(value))
      }
    }
    if (attributes.size === 0) continue
    rules.push({ match: compileAttributePattern(pattern), attributes })
  }
  return rules
}

/** gitattributes patterns: no slash → any depth; a leading slash anchors at the root. */
function compileAttributePattern(pattern: string): (path: string) => boolean {
  // `dir/` or `dir/**` both mean everything below dir.
  const body = pattern.endsWith('/') ? `${pattern}**` : pattern
  try {
    const match = picomatch(anchorPattern(body), { dot: true })
    return (path) => match(path)
  } catch {
    return () => false
  }
}
