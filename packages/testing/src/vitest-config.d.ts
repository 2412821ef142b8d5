import type { ViteUserConfig } from 'vitest/config';

/** Absolute path of the harness globalSetup module, for hand-written configs. */
export declare const globalSetupPath: string;

/**
 * The vitest config of a package whose tests use the harness: starts PostgreSQL and
 * nats-server once per run (see `@yishi/testing/global-setup`) and gives server-bound tests
 * generous timeouts. Overrides are merged in with vitest's `mergeConfig`.
 *
 * @example
 * // packages/bus/vitest.config.ts
 * import { integrationConfig } from '@yishi/testing/vitest-config';
 * export default integrationConfig();
 */
export declare function integrationConfig(overrides?: ViteUserConfig): ViteUserConfig;
