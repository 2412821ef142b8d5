// The bus tables (outbox, inbox, dead_letters) come from @yishi/bus's own migrations (migrateBus).
export * from './meetings.ts';
export * from './projection.ts';
