import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { decodeCursor, encodeCursor, type Page } from '@yishi/contracts';
import { notFound, preconditionFailed } from '@yishi/errors';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { maskAddress } from '../channels/phone.ts';
import type { Deps } from '../context.ts';
import { type DeliveryStatus, deliveries } from '../db/schema/index.ts';

/** A delivery as staff see it: never its text or link, and the address masked. */
export const deliveryViewSchema = z.object({
  id: z.uuid(),
  ballotId: z.uuid().nullable(),
  meetingId: z.uuid().nullable(),
  proposalId: z.uuid().nullable(),
  kind: z.string(),
  medium: z.string(),
  recipient: z.string(),
  address: z.string().nullable(),
  status: z.string(),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  provider: z.string().nullable(),
  providerResponse: z.unknown(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

const cursorSchema = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

function view(row: typeof deliveries.$inferSelect): z.infer<typeof deliveryViewSchema> {
  return {
    id: row.id,
    ballotId: row.ballotId,
    meetingId: row.meetingId,
    proposalId: row.proposalId,
    kind: row.kind,
    medium: row.medium,
    recipient: row.recipient,
    address: row.medium === 'inbox' ? null : maskAddress(row.address),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    lastError: row.lastError,
    provider: row.provider,
    providerResponse: row.providerResponse,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/** A community's deliveries, newest first; `status=dead` is the committee's dead-letter list. */
export async function listDeliveries(
  deps: Deps,
  args: {
    staff: StaffClaims;
    communityId: string;
    status?: DeliveryStatus | undefined;
    ballotId?: string | undefined;
    meetingId?: string | undefined;
    proposalId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<z.infer<typeof deliveryViewSchema>>> {
  assertCommunityAccess(args.staff, args.communityId);
  const after = args.cursor ? decodeCursor(args.cursor, cursorSchema) : undefined;
  const conditions: (SQL | undefined)[] = [
    eq(deliveries.communityId, args.communityId),
    args.status ? eq(deliveries.status, args.status) : undefined,
    args.ballotId ? eq(deliveries.ballotId, args.ballotId) : undefined,
    args.meetingId ? eq(deliveries.meetingId, args.meetingId) : undefined,
    args.proposalId ? eq(deliveries.proposalId, args.proposalId) : undefined,
    after
      ? or(
          lt(deliveries.createdAt, new Date(after.createdAt)),
          and(eq(deliveries.createdAt, new Date(after.createdAt)), lt(deliveries.id, after.id)),
        )
      : undefined,
  ];
  const rows = await deps.db
    .select()
    .from(deliveries)
    .where(and(...conditions))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(args.limit + 1);
  const page = rows.slice(0, args.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(view),
    nextCursor:
      rows.length > args.limit && last
        ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}

/** Puts a dead or failed delivery back in the queue, attempts reset (after fixing the cause). */
export async function retryDelivery(
  deps: Deps,
  args: { staff: StaffClaims; communityId: string; deliveryId: string },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const [row] = await deps.db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.id, args.deliveryId), eq(deliveries.communityId, args.communityId)));
  if (!row) throw notFound({ zh: '没有这条发送记录', en: 'No such delivery' });
  if (row.status !== 'dead' && row.status !== 'failed') {
    throw preconditionFailed(
      { zh: '只有失败的发送可以重试', en: 'Only failed or dead deliveries can be retried' },
      { details: { reason: 'not_failed', status: row.status } },
    );
  }
  const now = deps.now();
  const [updated] = await deps.db
    .update(deliveries)
    .set({ status: 'queued', attempts: 0, nextAttemptAt: now, updatedAt: now })
    .where(and(eq(deliveries.id, row.id), eq(deliveries.status, row.status)))
    .returning();
  return view(updated ?? row);
}
