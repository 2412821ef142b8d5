export { booleanString, type LogLevel, logLevel, logLevels, port, url } from './fields.ts';
export { type EnvSource, EnvError, loadEnv } from './load-env.ts';
