import { integrationConfig } from '@yishi/testing/vitest-config';

// Browser tests start Chromium and a ballots service; give them room on a 2-core machine.
export default integrationConfig({ test: { testTimeout: 60_000 } });
