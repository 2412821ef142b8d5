import type { StaffClaims } from '@yishi/auth';
import { enqueue } from '@yishi/bus';
import { communityRegistered, decodeCursor, encodeCursor, type Page } from '@yishi/contracts';
import { unauthenticated } from '@yishi/errors';
import { and, asc, eq, gt, inArray, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { recordAction } from '../audit.ts';
import { communities, staff, staffRoles } from '../db/schema/index.ts';
import type { RosterCtx } from './context.ts';
import { messages } from './messages.ts';
import { assertAdministers, assertPlatformAdmin, loadViewer } from './viewer.ts';

export interface CommunitySettings {
  name: string;
  street: string;
  neighbourhood: string;
  /** Whether parking units belong to the voting scope (RULES.md §3). */
  parkingIncluded: boolean;
}

export interface CommunityView extends CommunitySettings {
  id: string;
  createdAt: string;
}

const view = (row: typeof communities.$inferSelect): CommunityView => ({
  id: row.id,
  name: row.name,
  street: row.street,
  neighbourhood: row.neighbourhood,
  parkingIncluded: row.parkingIncluded,
  createdAt: row.createdAt.toISOString(),
});

/** Registers a community (platform admins only) and publishes communityRegistered. */
export async function createCommunity(
  ctx: RosterCtx,
  input: CommunitySettings & { claims: StaffClaims },
): Promise<CommunityView> {
  const { claims, ...settings } = input;
  await assertPlatformAdmin(ctx.db, claims);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(communities)
      .values({ id: ctx.newId(), ...settings, createdAt: now })
      .returning();
    await publish(tx, ctx, row!, claims.sub, 'community.registered', now);
    return row!;
  });
  ctx.wakeRelay();
  return view(row);
}

/** Changes a community's settings (its committee admins or a platform admin). */
export async function updateCommunity(
  ctx: RosterCtx,
  input: Partial<CommunitySettings> & { claims: StaffClaims; communityId: string },
): Promise<CommunityView> {
  const { claims, communityId, ...settings } = input;
  assertAdministers(await loadViewer(ctx.db, claims, communityId));
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(communities)
      .set(settings)
      .where(eq(communities.id, communityId))
      .returning();
    await publish(tx, ctx, row!, claims.sub, 'community.updated', now, settings);
    return row!;
  });
  ctx.wakeRelay();
  return view(row);
}

async function publish(
  tx: Parameters<Parameters<RosterCtx['db']['transaction']>[0]>[0],
  ctx: RosterCtx,
  row: typeof communities.$inferSelect,
  staffId: string,
  action: string,
  now: Date,
  details: Record<string, unknown> = view(row) as unknown as Record<string, unknown>,
) {
  const { id, name, street, neighbourhood, parkingIncluded } = row;
  await enqueue(
    tx,
    communityRegistered,
    {
      communityId: id,
      aggregateId: id,
      payload: { communityId: id, name, street, neighbourhood, parkingIncluded },
    },
    { now: () => now, newId: ctx.newId },
  );
  await recordAction(tx, { staffId, communityId: id, action, target: id, details }, now);
}

/** One community the caller may see. */
export async function getCommunity(
  ctx: RosterCtx,
  input: { claims: StaffClaims; communityId: string },
): Promise<CommunityView> {
  await loadViewer(ctx.db, input.claims, input.communityId);
  const [row] = await ctx.db
    .select()
    .from(communities)
    .where(eq(communities.id, input.communityId));
  return view(row!);
}

const cursorSchema = z.object({ name: z.string(), id: z.uuid() });

/**
 * The communities the caller may see, by name: every one for a platform admin, else those
 * where the token and the tables both grant a role.
 */
export async function listCommunities(
  ctx: RosterCtx,
  input: { claims: StaffClaims; cursor?: string | undefined; limit: number },
): Promise<Page<CommunityView>> {
  const { claims } = input;
  const [account] = await ctx.db
    .select({ platformAdmin: staff.platformAdmin, disabledAt: staff.disabledAt })
    .from(staff)
    .where(eq(staff.id, claims.sub));
  if (!account || account.disabledAt !== null) throw unauthenticated(messages.accountDisabled);
  const conditions: (SQL | undefined)[] = [];
  if (!account.platformAdmin) {
    const inToken = claims.communities.filter((id) => z.uuid().safeParse(id).success);
    if (inToken.length === 0) return { items: [], nextCursor: null };
    const granted = ctx.db
      .selectDistinct({ id: staffRoles.communityId })
      .from(staffRoles)
      .where(and(eq(staffRoles.staffId, claims.sub), inArray(staffRoles.communityId, inToken)));
    conditions.push(inArray(communities.id, granted));
  }
  if (input.cursor) {
    const after = decodeCursor(input.cursor, cursorSchema);
    conditions.push(
      or(
        gt(communities.name, after.name),
        and(eq(communities.name, after.name), gt(communities.id, after.id)),
      ),
    );
  }
  const rows = await ctx.db
    .select()
    .from(communities)
    .where(and(...conditions))
    .orderBy(asc(communities.name), asc(communities.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map(view);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
  };
}
