// Plain JavaScript on purpose: vitest loads config files with Node, which does not import
// TypeScript from linked workspace packages. Types are in vitest-config.d.ts.
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';

export const globalSetupPath = fileURLToPath(new URL('./global-setup.ts', import.meta.url));

export function integrationConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        globalSetup: [globalSetupPath],
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 60_000,
      },
    }),
    overrides,
  );
}
