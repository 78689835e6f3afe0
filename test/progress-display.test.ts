/** Tests for src/cli/progress-display.ts: plain lines in a pipe, a live status line in a terminal. */
import { describe, expect, it } from 'vitest'
import { ProgressDisplay } from '../src/cli/progress-display.js'
import type { ReviewProgress } from '../src/vocabulary/progress.js'

const usage = { input: 100, output: 50, cacheWrite: 0, cacheRead: 0 }
const events: ReviewProgress[] = [
  { kind: 'scope', passes: 2, description: 'full review' },
  { kind: 'context', unit: 'unit-1', tokens: 900, included: 2, omitted: 0 },
  { kind: 'pass-started', unit: 'unit-1', area: 'api' },
  { kind: 'pass-started', unit: 'unit-1', area: 'security' },
  {
    kind: 'pass-finished',
    unit: 'unit-1',
    area: 'api',
    status: 'complete',
    findings: 0,
    turns: 1,
    usage,
    model: 'claude-sonnet-5-5'
  }
]

function capture(live: boolean, columns = 200) {
  let text = ''
  let clock = 0
  const display = new ProgressDisplay({
    write: (t) => (text += t),
    live,
    columns,
    now: () => (clock += 1000)
  })
  return { display, text: () => text }
}

describe('ProgressDisplay', () => {
  it('writes one plain line per step in a pipe, with no terminal codes', () => {
    const { display, text } = capture(false)
    display.note('main...HEAD: 3 file(s) in 1 unit(s)')
    for (const event of events) display.event(event)
    display.done()
    expect(text().split('\n')).toEqual([
      'architect-review: main...HEAD: 3 file(s) in 1 unit(s)',
      'architect-review: Reviewing 2 passes: full review.',
      'architect-review: unit-1: 900 tokens of context from 2 places.',
      'architect-review: unit-1 api: started.',
      'architect-review: unit-1 security: started.',
      expect.stringMatching(
        /^architect-review: unit-1 api: complete, 1 turn, 0 findings · 1\/2 passes, 150 tokens, \$0\.\d{4} so far\.$/
      ),
      ''
    ])
    expect(text()).not.toContain('\x1b')
  })

  it('keeps a status line below the finished steps in a terminal and clears it at the end', () => {
    const { display, text } = capture(true)
    for (const event of events) display.event(event)
    const screen = text()
    // Starts only redraw the status; finished steps become lines.
    expect(screen).not.toContain('started.')
    expect(screen).toContain('\r\x1b[2Karchitect-review: unit-1 api: complete')
    const lastStatus = screen.slice(screen.lastIndexOf('\r\x1b[2K'))
    expect(lastStatus.startsWith('\r\x1b[2K')).toBe(true)
    expect(lastStatus.slice('\r\x1b[2K'.length)).toMatch(
      /^. 1\/2 passes, 150 tokens, \$0\.\d{4} so far · running unit-1 security · \d+s$/
    )
    display.done()
    expect(text().endsWith('\r\x1b[2K')).toBe(true)
  })

  it('never lets the status wrap past the terminal width', () => {
    const { display, text } = capture(true, 30)
    for (const event of events) display.event(event)
    display.done()
    const statuses = text()
      .split('\r\x1b[2K')
      .filter((part) => part !== '' && !part.endsWith('\n'))
    expect(statuses.length).toBeGreaterThan(0)
    for (const status of statuses) expect(status.length).toBeLessThan(30)
  })

  it('cuts a very long note, saying how much was left out', () => {
    const { display, text } = capture(false)
    display.note(`context left out: ${'x; '.repeat(300)}`)
    const line = text().trimEnd()
    expect(line.length).toBeLessThan(500)
    expect(line).toMatch(/… \(\d+ more characters\)$/)
  })
})
