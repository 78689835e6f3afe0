import { main } from './cli/cli-main.js'
import { terminalIo } from './cli/terminal-io.js'

process.exitCode = await main(process.argv.slice(2), process.env, terminalIo())
