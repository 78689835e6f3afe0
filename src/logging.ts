import * as core from '@actions/core'

/** Runs `fn` inside a collapsible log group that is closed even when it throws. */
export async function withGroup<T>(
  name: string,
  fn: () => Promise<T>
): Promise<T> {
  core.startGroup(name)
  try {
    return await fn()
  } finally {
    core.endGroup()
  }
}
