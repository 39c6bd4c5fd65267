import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser journeys: one real `agora serve --seed-demo` (started by the global setup) driven through Debian's chromium.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/helpers/global-setup.ts'],
    // One fork, one file at a time: the journeys share the server and each drives a browser.
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    // The global setup may build the web app and waits up to 60 s for the server.
    hookTimeout: 180_000,
  },
});
