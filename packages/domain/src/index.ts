export * from './tally/index.ts';
