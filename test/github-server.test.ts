/** The local GitHub server holds requests to GitHub's OpenAPI description (dev/openapi.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalGitHub } from '../dev/github-server.js'
import { checkRequest, responseSchema, shapeResponse } from '../dev/openapi.js'

describe('GitHub OpenAPI checks', () => {
  let github: LocalGitHub
  let url: string
  beforeAll(async () => {
    github = new LocalGitHub()
    url = await github.start()
  })
  afterAll(() => github.stop())

  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: 'token ghs_x'
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    })

  it('records a request to an endpoint GitHub does not have', async () => {
    github.violations.length = 0
    await send('GET', '/repos/o/r/pulls/1/approvals')
    expect(github.violations).toEqual([
      "GET /repos/o/r/pulls/1/approvals: no such operation in GitHub's REST description"
    ])
  })

  it('records a body the description rejects, and an unknown query parameter', async () => {
    github.violations.length = 0
    await send('POST', '/repos/o/r/pulls/1/reviews', {
      event: 'APPROVE_ALL',
      comments: [{ path: 'a.ts', line: 'five', body: 'x' }]
    })
    await send('GET', '/repos/o/r/pulls/1/files?per_page=100&colour=blue')
    expect(github.violations.join('\n')).toMatch(
      /pulls\/create-review body\/event: must be equal to one of the allowed values/
    )
    expect(github.violations.join('\n')).toMatch(
      /pulls\/create-review body\/comments\/0\/line: must be integer/
    )
    expect(github.violations.join('\n')).toMatch(
      /pulls\/list-files: unknown query parameter 'colour'/
    )
  })

  it('accepts the requests the action makes', () => {
    const review = {
      commit_id: 'a'.repeat(40),
      event: 'COMMENT',
      body: 'x',
      comments: [
        {
          path: 'a.ts',
          line: 3,
          side: 'RIGHT',
          start_line: 2,
          start_side: 'RIGHT',
          body: 'y'
        }
      ]
    }
    expect(
      checkRequest(
        'POST',
        '/repos/o/r/pulls/1/reviews',
        new URLSearchParams(),
        review
      )
    ).toEqual([])
    expect(
      checkRequest(
        'GET',
        '/repos/o/r/issues/1/comments',
        new URLSearchParams('per_page=100&page=2'),
        undefined
      )
    ).toEqual([])
  })

  it('fills an answer out to its documented shape', () => {
    const schema = responseSchema('POST', '/repos/o/r/issues/1/comments', 201)!
    const { value, problems } = shapeResponse(schema, { id: 1, body: 'hello' })
    expect(problems).toEqual([])
    expect(value).toMatchObject({
      id: 1,
      body: 'hello',
      node_id: '',
      html_url: expect.any(String)
    })
  })
})
