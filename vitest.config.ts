import { defineConfig } from 'vitest/config';

// Two projects: Node unit tests (core, model, CLI) and jsdom component tests.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        test: { name: 'dom', include: ['test/dom/**/*.test.{ts,tsx}'], environment: 'jsdom' },
      },
    ],
  },
});
