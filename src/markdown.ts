/** A fenced code block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function codeFence(text: string, info = ''): string {
  const longest = Math.max(
    2,
    ...[...text.matchAll(/`+/g)].map((m) => m[0].length)
  )
  const ticks = '`'.repeat(longest + 1)
  return `${ticks}${info}\n${text}\n${ticks}`
}
