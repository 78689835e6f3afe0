import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end tests run the action and the CLI bundled from the current source.
    globalSetup: ['test/global-setup.ts'],
    // The end-to-end files mostly wait on child processes and local servers,
    // so three run at once even on a 2-core runner.
    maxWorkers: 3,
    // Files share a worker's module cache (a tenth of the import time);
    // they keep no state between them (checked with --sequence.shuffle.files).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // GitHub's workflow parser imports its JSON schema without an import attribute: transformed, not loaded by Node.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    coverage: { include: ['src/**'], exclude: ['src/index.ts'] }
  }
})
