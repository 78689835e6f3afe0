// Debug: one range's unit context titles.
import { execFileSync } from 'node:child_process'
const [dir, base, head, file] = process.argv.slice(2)
const { parseGitDiff } = await import('/work/main/src/diff/git-diff-parser.ts')
const { planReview } = await import('/work/main/src/plan/review-plan.ts')
const { openGitFiles } = await import('/work/main/src/repository/git-files.ts')
const { Sandbox } = await import('/work/main/src/tools/sandbox.ts')
const { gatherContext } = await import('/work/main/src/context/gather-context.ts')
const diff = execFileSync('git', ['-C', dir, 'diff', '--no-color', '-M', base, head], { encoding: 'utf8', maxBuffer: 1 << 28 })
const plan = planReview(parseGitDiff(diff), [], 40_000)
const unit = plan.units.find((u) => u.files.some((f) => f.file.path === file))!
const files = (await openGitFiles(dir, head))!
const c = await gatherContext(unit, { files, sandbox: new Sandbox(dir) }, 12_000)
console.log(unit.files.map((f) => f.file.path).join(' '), c.tokens)
console.log('INCLUDED\n' + c.included.join('\n') + '\nOMITTED\n' + c.omitted.join('\n'))
if (process.argv[6]) console.log(c.text)
