import { integrationConfig } from './src/vitest-config.js';

export default integrationConfig();
