// The bus tables (outbox, inbox, dead_letters) come from @yishi/bus's own migrations (migrateBus).
export * from './audit.ts';
export * from './ballots.ts';
export * from './documents.ts';
export * from './notices.ts';
export * from './outreach.ts';
export * from './projection.ts';
export * from './votes.ts';
