export { booleanString, type LogLevel, logLevel, logLevels, port, url } from './fields.ts';
export { EnvError, type EnvSource, loadEnv } from './load-env.ts';
