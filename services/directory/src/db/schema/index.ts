// The bus tables (outbox, inbox, dead_letters) come from @yishi/bus's own migrations (migrateBus).
export * from './imports.ts';
export * from './owner-links.ts';
export * from './roster.ts';
export * from './staff.ts';
