export * from './deliveries.ts';
export * from './projection.ts';
