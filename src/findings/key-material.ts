import type { SkippedFile } from '../diff/file-selection.js'
import type { ValidFinding } from './finding.js'
import type { Ledger } from './ledger.js'

/** The unit key-material findings are reported from: no pass, no model. */
export const KEY_MATERIAL_UNIT = 'key-material'

/**
 * A critical security finding for each file whose diff adds key material,
 * made without the model (the file was never sent): found by its content,
 * on the line that adds it, with nothing of the secret in its text.
 */
export function keyMaterialFindings(
  skipped: readonly SkippedFile[]
): ValidFinding[] {
  return skipped.flatMap(({ path, keyMaterial }) =>
    keyMaterial
      ? [
          {
            status: 'valid' as const,
            unit: KEY_MATERIAL_UNIT,
            pass: 'security',
            area: 'security',
            severity: 'critical' as const,
            confidence: 1,
            path,
            line: keyMaterial.line,
            title: `${capitalized(keyMaterial.what)} committed`,
            problem: `Line ${keyMaterial.line} of ${path} adds ${keyMaterial.what}. Anyone who can read the repository, its forks or its history can use it. The file was not sent to the model; this finding comes from its content.`,
            recommendation:
              'Remove it from the branch and from its history, and rotate it: treat a key that reached a repository as leaked. Load it at run time from a secret store or the environment instead.'
          }
        ]
      : []
  )
}

/** The ledger with key-material findings marked as needing no verification: their content decided them. */
export function verifiedByContent(ledger: Ledger): Ledger {
  return {
    ...ledger,
    findings: ledger.findings.map((f) =>
      f.units.includes(KEY_MATERIAL_UNIT) && !f.verification
        ? {
            ...f,
            verification: {
              verdict: 'keep' as const,
              reason: 'found by its content, without the model'
            }
          }
        : f
    )
  }
}

function capitalized(text: string): string {
  const bare = text.replace(/^an? /, '')
  return bare.charAt(0).toUpperCase() + bare.slice(1)
}
