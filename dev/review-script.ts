/**
 * Reading and answering the review's requests as the local Messages server
 * sees them: which area and turn a request is, the report and verdict tool
 * calls a scripted model answers with. Shared by tests, the eval kit's
 * replay and the benches.
 */
import type {
  MessagesBody,
  ScriptBlock,
  ScriptedReply
} from './anthropic-server.js'

/** The area of a request (from its pass instructions). */
export function areaOf(body: MessagesBody): string {
  const first = body.messages[0].content
  const text =
    typeof first === 'string'
      ? first
      : first.map((b) => String(b.text ?? '')).join('\n')
  return /# This pass: .* \(area `([a-z-]+)`\)/.exec(text)?.[1] ?? 'unknown'
}

/** How many assistant turns the conversation already has. */
export function turnOf(body: MessagesBody): number {
  return body.messages.filter((m) => m.role === 'assistant').length
}

/** The tool_result blocks of the request's last message. */
export function toolResults(
  body: MessagesBody
): Array<{ tool_use_id: string; content: string; is_error?: boolean }> {
  const last = body.messages[body.messages.length - 1]
  if (typeof last.content === 'string') return []
  return last.content.filter(
    (b) => b.type === 'tool_result'
  ) as unknown as Array<{
    tool_use_id: string
    content: string
    is_error?: boolean
  }>
}

export const report = (findings: unknown[]): ScriptBlock => ({
  type: 'tool_use',
  name: 'report_findings',
  input: { findings }
})

/** A request of the verifier (its system prompt), not of a review pass. */
export function isVerification(body: MessagesBody): boolean {
  return JSON.stringify(body.system ?? '').includes('You check findings')
}

/** The findings a verification request asks about, by their number. */
export function findingsToVerify(
  body: MessagesBody
): Array<{ number: number; title: string }> {
  const text = JSON.stringify(body.messages)
  const found: Array<{ number: number; title: string }> = []
  for (const match of text.matchAll(
    /<finding number=\\"(\d+)\\">\\n([\s\S]*?)\\n<\/finding>/g
  )) {
    const reported = JSON.parse(JSON.parse(`"${match[2]}"`)) as {
      title: string
    }
    found.push({ number: Number(match[1]), title: reported.title })
  }
  return found
}

/** The verifier's answer: a verdict for each finding asked about, as `judge` decides. */
export function verdicts(
  body: MessagesBody,
  judge: (finding: { number: number; title: string }) => {
    keep: boolean
    reason: string
  }
): ScriptedReply {
  return {
    content: [
      {
        type: 'tool_use',
        name: 'verdict',
        input: {
          verdicts: findingsToVerify(body).map((finding) => ({
            finding: finding.number,
            ...judge(finding)
          }))
        }
      }
    ]
  }
}
