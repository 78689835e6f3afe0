/**
 * A mistake in the user's configuration (inputs, agent files, CLI flags).
 * Kept apart from our own bugs so the message can name the input and the fix.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError'
}

/** The message of anything thrown, including values that are not Errors. */
export function getErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}

/** A rejection handler that turns the one error code named (ENOENT, EEXIST, …) into `value`, and throws anything else. */
export function unlessCode<T>(code: string, value: T): (error: unknown) => T {
  return (error) => {
    if ((error as NodeJS.ErrnoException).code === code) return value
    throw error
  }
}
