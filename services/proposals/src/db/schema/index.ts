// The bus tables (outbox, inbox, dead_letters) come from @yishi/bus's own migrations (migrateBus).
export * from './projection.ts';
export * from './proposals.ts';
export * from './wishes.ts';
