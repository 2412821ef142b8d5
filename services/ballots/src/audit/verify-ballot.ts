import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { sql } from 'drizzle-orm';
import { electorateHash, loadElectorate } from '../ballots/electorate.ts';
import { loadBallot } from '../ballots/load.ts';
import { loadVotes, voteDigest } from '../ballots/results.ts';
import type { Deps } from '../context.ts';
import type { BallotsDb } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { auditTrail } from './audit-log.ts';
import { verifyChain } from './chain.ts';

/**
 * Verifies a ballot end to end: the audit chain links and hashes, the stored electorate against
 * the snapshot hash recorded when it opened, and (once closed) the stored ballots against the vote
 * digest recorded at the close. Names the first thing that does not hold.
 */
export async function verifyBallot(
  deps: Pick<Deps, 'db'>,
  args: { staff: StaffClaims; communityId: string; ballotId: string },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const ballot = await loadBallot(deps.db, args);
  const trail = await auditTrail(deps.db, ballot.id);
  const chain = verifyChain(trail);
  const problems: { check: string; seq?: number; reason: string }[] = [];
  if (!chain.ok) problems.push({ check: 'chain', seq: chain.brokenAt, reason: chain.reason });

  const opened = trail.find((e) => e.action === 'ballot.opened');
  if (opened) {
    const hash = electorateHash(await loadElectorate(deps.db, ballot.id));
    if (hash !== opened.details.snapshotHash || hash !== ballot.snapshotHash) {
      problems.push({
        check: 'electorate',
        seq: opened.seq,
        reason: 'the stored electorate does not match its snapshot hash',
      });
    }
  }
  if (opened && Array.isArray(opened.details.attachments)) {
    const recorded = opened.details.attachments as { id: string; sha256: string }[];
    const stored = await storedAttachmentHashes(deps.db, ballot.id);
    const same =
      recorded.length === stored.size && recorded.every((a) => stored.get(a.id) === a.sha256);
    if (!same) {
      problems.push({
        check: 'attachments',
        seq: opened.seq,
        reason: 'the stored attachments do not match the hashes recorded at opening',
      });
    }
  }
  // The latest certification: the close, or a re-certification after it (a paper ballot
  // collected before the close, a resolved conflict, served notices).
  const certified = trail.findLast(
    (e) => e.action === 'ballot.closed' || e.action === 'result.recertified',
  );
  if (certified) {
    const digest = voteDigest(await loadVotes(deps.db, ballot.id));
    if (digest !== certified.details.voteDigest || digest !== ballot.voteDigest) {
      problems.push({
        check: 'votes',
        seq: certified.seq,
        reason: 'the stored ballots do not match the vote digest of the latest certification',
      });
    }
  }
  return {
    ok: problems.length === 0,
    entries: trail.length,
    head: trail.at(-1)?.hash ?? null,
    problems,
  };
}

/** Each stored attachment's SHA-256, recomputed from its bytes. */
async function storedAttachmentHashes(db: BallotsDb, ballotId: string) {
  const rows = rowsOf<{ id: string; sha256: string }>(
    await db.execute(
      sql`select id, encode(sha256(content), 'hex') as sha256 from matter_attachments where ballot_id = ${ballotId}::uuid`,
    ),
  );
  return new Map(rows.map((r) => [r.id, r.sha256]));
}
