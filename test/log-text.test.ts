/** Tests for src/text/log-text.ts: text for the runner's log starts no workflow command. */
import { describe, expect, it } from 'vitest'
import { inertLogText } from '../src/text/log-text.js'
import { commandsIn } from './helpers/runner-commands.js'

describe('inertLogText', () => {
  const token = () => 'f'.repeat(32)

  it('leaves plain text alone, with every line break as \\n', () => {
    expect(inertLogText('a\r\nb\rc\u2028d\u2029e\u0085f', token)).toBe(
      'a\nb\nc\nd\ne\nf'
    )
  })

  it('frames text whose lines the runner would read as commands, however they are broken', () => {
    for (const hostile of [
      '::add-mask::secret',
      'title\r::error file=src/server.js,line=1::pwned',
      'x\u2028  ::stop-commands::abc',
      'ok\n\t::set-output name=x::y'
    ]) {
      const text = inertLogText(hostile, token)
      expect(commandsIn(text)).toEqual([])
      expect(text.startsWith(`::stop-commands::${token()}\n`)).toBe(true)
    }
  })

  it('picks another token when the text holds the first one', () => {
    const tokens = ['a'.repeat(32), 'b'.repeat(32)]
    const text = inertLogText(`::${'a'.repeat(32)}::\n::add-mask::x`, () =>
      tokens.shift()!
    )
    expect(text.startsWith(`::stop-commands::${'b'.repeat(32)}`)).toBe(true)
    expect(commandsIn(text)).toEqual([])
  })
})
