import { createHash, createHmac } from 'node:crypto';
import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { decodeCursor, encodeCursor } from '@yishi/contracts';
import { preconditionFailed, rateLimited } from '@yishi/errors';
import { and, count, desc, eq, gte, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/audit-log.ts';
import { canonicalJson } from '../audit/chain.ts';
import type { Deps } from '../context.ts';
import { ballots, objections } from '../db/schema/index.ts';
import { loadBallot, noSuchBallot } from './load.ts';

/** Per sender address and ballot: enough for a person, too few to flood the committee. */
export const objectionLimit = { count: 5, windowMs: 60 * 60 * 1000 };

export const objectionBodySchema = z.object({
  text: z.string().trim().min(1).max(1_000),
  unit: z.string().trim().min(1).max(50).optional(),
  contact: z.string().trim().min(1).max(100).optional(),
});
export type ObjectionInput = z.infer<typeof objectionBodySchema>;

/**
 * A keyed hash of the sender's address: enough to count their objections, useless to anyone
 * who reads the table without the service's secret.
 */
const senderHash = (deps: Pick<Deps, 'links'>, address: string) =>
  createHmac('sha256', deps.links.link)
    .update(`yishi-ballots/objection-sender/v1:${address}`)
    .digest('hex');

/**
 * Records an objection to a published result, only while its publication (公示) runs. Rate
 * limited per sender address and ballot; the audit log records its id and content hash (the
 * text may carry a phone number, which the whole staff can read in the log, so not the text).
 */
export async function submitObjection(
  deps: Deps,
  args: { ballotId: string; senderAddress: string; input: ObjectionInput },
) {
  const now = deps.now();
  const [found] = await deps.db
    .select({ communityId: ballots.communityId })
    .from(ballots)
    .where(eq(ballots.id, args.ballotId));
  if (!found) throw noSuchBallot();
  const sender = senderHash(deps, args.senderAddress);
  return deps.db.transaction(async (tx) => {
    const ballot = await loadBallot(
      tx,
      { communityId: found.communityId, ballotId: args.ballotId },
      'exclusive',
    );
    // A ballot not yet published has no public page to object to.
    if (ballot.status !== 'published') throw noSuchBallot();
    const from = ballot.publishedFrom;
    const until = ballot.publishedUntil;
    if (!from || !until || now < from || now >= until) {
      throw preconditionFailed(
        {
          zh: '不在公示期内，不能提出异议',
          en: 'Objections are received only during the publication period',
        },
        {
          details: {
            reason: 'publication_not_running',
            publishedFrom: from?.toISOString() ?? null,
            publishedUntil: until?.toISOString() ?? null,
          },
        },
      );
    }
    const [recent] = await tx
      .select({ n: count() })
      .from(objections)
      .where(
        and(
          eq(objections.senderHash, sender),
          eq(objections.ballotId, ballot.id),
          gte(objections.receivedAt, new Date(now.getTime() - objectionLimit.windowMs)),
        ),
      );
    if ((recent?.n ?? 0) >= objectionLimit.count) {
      throw rateLimited(
        { zh: '提交过于频繁，请一小时后再试', en: 'Too many objections; try again in an hour' },
        { details: { reason: 'objections_throttled', limit: objectionLimit.count } },
      );
    }
    const content = {
      text: args.input.text,
      unit: args.input.unit ?? null,
      contact: args.input.contact ?? null,
    };
    const row = {
      id: deps.newId(),
      ballotId: ballot.id,
      ...content,
      sha256: createHash('sha256').update(canonicalJson(content)).digest('hex'),
      senderHash: sender,
      receivedAt: now,
    };
    await tx.insert(objections).values(row);
    await appendAudit(tx, {
      ballotId: ballot.id,
      at: now,
      actor: 'public',
      action: 'objection.received',
      details: { objectionId: row.id, sha256: row.sha256 },
    });
    return { id: row.id, receivedAt: now.toISOString() };
  });
}

const cursorSchema = z.object({ receivedAt: z.iso.datetime(), id: z.uuid() });

/** A ballot's objections for the committee, newest first, by keyset pages. */
export async function listObjections(
  deps: Pick<Deps, 'db'>,
  args: {
    staff: StaffClaims;
    communityId: string;
    ballotId: string;
    cursor?: string | undefined;
    limit: number;
  },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const ballot = await loadBallot(deps.db, args);
  const after = args.cursor ? decodeCursor(args.cursor, cursorSchema) : undefined;
  const at = after ? new Date(after.receivedAt) : undefined;
  const rows = await deps.db
    .select()
    .from(objections)
    .where(
      and(
        eq(objections.ballotId, ballot.id),
        at && after
          ? or(
              lt(objections.receivedAt, at),
              and(eq(objections.receivedAt, at), lt(objections.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(objections.receivedAt), desc(objections.id))
    .limit(args.limit + 1);
  const page = rows.slice(0, args.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      text: r.text,
      unit: r.unit,
      contact: r.contact,
      sha256: r.sha256,
      receivedAt: r.receivedAt.toISOString(),
    })),
    nextCursor:
      rows.length > args.limit && last
        ? encodeCursor({ receivedAt: last.receivedAt.toISOString(), id: last.id })
        : null,
  };
}
