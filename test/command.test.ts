import { describe, expect, it } from 'vitest'
import {
  helpText,
  MAX_REASON_CHARS,
  parseCommand
} from '../src/conversation/command.js'

const WORD = '/architect-review'

describe('parseCommand', () => {
  it('reads the bare command word as a review of what is due', () => {
    expect(parseCommand('/architect-review', WORD)).toEqual({
      name: 'review',
      areas: []
    })
    expect(parseCommand('  /Architect-Review  \n\nthanks!', WORD)).toEqual({
      name: 'review',
      areas: []
    })
  })

  it('reads areas separated by commas or spaces, lower-cased, once each', () => {
    expect(
      parseCommand('/architect-review review Security, database security', WORD)
    ).toEqual({ name: 'review', areas: ['security', 'database'] })
    expect(parseCommand('/architect-review review', WORD)).toEqual({
      name: 'review',
      areas: []
    })
  })

  it('refuses an area that is not an id, saying how to write one', () => {
    const command = parseCommand('/architect-review review sec*rity', WORD)
    expect(command).toMatchObject({ name: 'malformed' })
    expect(command && 'problem' in command && command.problem).toContain(
      "'sec*rity' is not an area id"
    )
  })

  it('reads full, pause, resume and help', () => {
    for (const name of ['full', 'pause', 'resume', 'help'])
      expect(
        parseCommand(`/architect-review ${name.toUpperCase()}`, WORD)
      ).toEqual({
        name
      })
    expect(parseCommand('/architect-review full now', WORD)).toMatchObject({
      name: 'malformed'
    })
  })

  it('takes the rest of the comment as the reason of a dismissal, bounded', () => {
    expect(
      parseCommand(
        '/architect-review dismiss the id is a UUID\nchecked by the gateway',
        WORD
      )
    ).toEqual({
      name: 'dismiss',
      reason: 'the id is a UUID\nchecked by the gateway'
    })
    const long = parseCommand(
      `/architect-review dismiss ${'x'.repeat(1000)}`,
      WORD
    )
    expect(long && 'reason' in long && long.reason).toHaveLength(
      MAX_REASON_CHARS
    )
    expect(parseCommand('/architect-review dismiss', WORD)).toMatchObject({
      name: 'malformed'
    })
  })

  it('is not a command when the word is quoted, later in the text, or another word', () => {
    expect(
      parseCommand('> /architect-review full\nagreed', WORD)
    ).toBeUndefined()
    expect(parseCommand('please run /architect-review', WORD)).toBeUndefined()
    expect(parseCommand('/architect-reviewer full', WORD)).toBeUndefined()
    expect(parseCommand('', WORD)).toBeUndefined()
  })

  it('is not a command in Markdown code: an indented block (4 spaces or a tab) or a fence', () => {
    expect(parseCommand('    /architect-review pause', WORD)).toBeUndefined()
    expect(parseCommand('\n\n\t/architect-review pause', WORD)).toBeUndefined()
    expect(
      parseCommand('```\n/architect-review pause\n```', WORD)
    ).toBeUndefined()
    // Up to 3 spaces is still a paragraph, so still a command.
    expect(parseCommand('\n   /architect-review pause', WORD)).toEqual({
      name: 'pause'
    })
  })

  it('names an unknown sub-command', () => {
    expect(parseCommand('/architect-review approve', WORD)).toEqual({
      name: 'unknown',
      word: 'approve'
    })
  })

  it('follows the command input', () => {
    expect(parseCommand('@reviewer pause', '@reviewer')).toEqual({
      name: 'pause'
    })
    expect(parseCommand('/architect-review pause', '@reviewer')).toBeUndefined()
  })
})

describe('helpText', () => {
  it('lists every command under the configured word, with the agent’s areas', () => {
    const text = helpText('/ar', ['api', 'security'])
    for (const command of [
      '`/ar`',
      '`/ar review [areas]`',
      '`/ar full`',
      '`/ar pause`',
      '`/ar resume`',
      '`/ar dismiss <reason>`',
      '`/ar help`'
    ])
      expect(text).toContain(command)
    expect(text).toContain('`api`, `security`')
  })
})
