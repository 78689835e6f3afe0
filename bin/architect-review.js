#!/usr/bin/env node
// The CLI, bundled by `npm run package` into dist/cli (committed, so no build step is needed).
import '../dist/cli/index.js'
