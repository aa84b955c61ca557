import { defineConfig } from 'vitest/config';

// Browser tests: Node drives Debian's Chromium through playwright-core against a live
// server (KNEAD_E2E_URL). One browser at a time keeps the two-core CI machine responsive.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['verbose'],
    // A browser test that fails is run once more: on two busy cores a page can miss a
    // timeout that it meets alone. scripts/frontend-test names every test that needed the
    // second run, so a flaky test is seen and fixed rather than hidden; one that fails twice
    // fails the step.
    retry: 1,
  },
});
