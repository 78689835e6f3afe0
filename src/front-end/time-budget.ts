/** The share of `time-budget` passes may start in; the rest is kept for verification and publishing. */
export const PASS_SHARE = 0.8

/**
 * When passes stop starting, in epoch ms: four fifths of `time-budget`
 * minutes, measured from the process's start — the same in the action (the
 * step's budget) and the CLI (the command's). Undefined: no budget.
 */
export function deadlineOf(
  minutes: number | undefined,
  startedAt: number = performance.timeOrigin
): number | undefined {
  if (minutes === undefined) return undefined
  return startedAt + minutes * 60_000 * PASS_SHARE
}
