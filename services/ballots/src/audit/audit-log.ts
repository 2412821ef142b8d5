import { asc, desc, eq } from 'drizzle-orm';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import { auditEntries } from '../db/schema/index.ts';
import { type ChainCheck, entryHash, GENESIS_HASH, verifyChain } from './chain.ts';

/** The acts a ballot's audit log records. */
export type AuditAction =
  | 'ballot.drafted'
  | 'ballot.updated'
  | 'ballot.opened'
  | 'ballot.extended'
  | 'ballot.closed'
  | 'ballot.published'
  | 'ballot.cancelled'
  | 'credential.reissued'
  | 'credentials.exported'
  | 'credentials.printed'
  | 'attachment.added'
  | 'attachment.removed'
  | 'objection.received'
  | 'paper_vote.entered'
  | 'paper_vote.conflict'
  | 'conflict.resolved'
  | 'result.recertified'
  | 'notices.served';

/**
 * Appends an entry in the caller's transaction, which must hold the ballot row lock (every
 * caller takes `for update` on it first), so the chain never forks; the primary key on
 * (ballot, seq) would refuse a fork anyway.
 */
export async function appendAudit(
  tx: BallotsTx,
  entry: { ballotId: string; at: Date; actor: string; action: AuditAction; details?: object },
): Promise<string> {
  const [last] = await tx
    .select({ seq: auditEntries.seq, hash: auditEntries.hash })
    .from(auditEntries)
    .where(eq(auditEntries.ballotId, entry.ballotId))
    .orderBy(desc(auditEntries.seq))
    .limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content = {
    ballotId: entry.ballotId,
    seq: (last?.seq ?? 0) + 1,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    // Through JSON so the hash covers exactly what jsonb will give back.
    details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
  };
  const hash = entryHash(prevHash, content);
  await tx.insert(auditEntries).values({ ...content, prevHash, hash });
  return hash;
}

/** A ballot's audit entries, oldest first. */
export function auditTrail(db: BallotsDb | BallotsTx, ballotId: string) {
  return db
    .select()
    .from(auditEntries)
    .where(eq(auditEntries.ballotId, ballotId))
    .orderBy(asc(auditEntries.seq));
}

/** Recomputes the chain of a ballot's stored entries. */
export async function verifyAuditTrail(db: BallotsDb, ballotId: string): Promise<ChainCheck> {
  return verifyChain(await auditTrail(db, ballotId));
}
