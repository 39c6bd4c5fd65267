import path from 'node:path';
import { defineConfig } from 'vitest/config';

/** Runs the sample app's tests on their own: `npx vitest run --config examples/saas-app/vitest.config.ts`. */
export default defineConfig({
  // Vite's cache stays in the repository's node_modules, not in a new one here.
  cacheDir: path.resolve(import.meta.dirname, '../../node_modules/.vite'),
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
