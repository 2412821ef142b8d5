import { integrationConfig } from '@yishi/testing/vitest-config';

export default integrationConfig();
