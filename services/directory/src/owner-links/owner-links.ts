/**
 * Owner page links: a long-lived owner page token (`@yishi/auth` `signOwnerToken`) per owner key,
 * signed with the directory's staff-token key but for another audience and `typ`, so it is never
 * a staff token. The committee exports them per unit to hand out and revokes and re-issues one
 * when it leaks (`directory.owner_link.revoked` tells every service to refuse the older version).
 */
import { type StaffClaims, signOwnerToken } from '@yishi/auth';
import { enqueue } from '@yishi/bus';
import { ownerLinkRevoked } from '@yishi/contracts';
import { notFound } from '@yishi/errors';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAction } from '../audit.ts';
import type { Deps } from '../context.ts';
import type { DirectoryDb } from '../db/database.ts';
import { buildings, holders, ownerLinks, ownerships, units } from '../db/schema/index.ts';
import { assertManagesRoster, loadViewer } from '../roster/viewer.ts';

export type OwnerLinksCtx = Pick<
  Deps,
  'db' | 'now' | 'newId' | 'keys' | 'wakeRelay' | 'ownerPageBaseUrl'
>;

/** An owner key's current link. `url` is a bearer secret: show it only to its owner. */
export interface OwnerLink {
  holderId: string;
  version: number;
  url: string;
}

const messages = {
  holderNotFound: { zh: '未找到该业主', en: 'No such owner' },
  unitNotFound: { zh: '未找到该房屋或它没有业主', en: 'No such unit, or it has no owner' },
};

/** Where owners open their page: `${base}/o/<token>`. */
const linkUrl = (ctx: OwnerLinksCtx, token: string) =>
  `${(ctx.ownerPageBaseUrl ?? 'http://127.0.0.1:4100').replace(/\/$/, '')}/o/${token}`;

async function sign(
  ctx: OwnerLinksCtx,
  row: {
    holderId: string;
    holderKey: string;
    communityId: string;
    version: number;
    issuedAt: Date;
  },
) {
  const token = await signOwnerToken(
    {
      holderId: row.holderId,
      holderKey: row.holderKey,
      communityId: row.communityId,
      ver: row.version,
    },
    { key: ctx.keys.signing, issuer: ctx.keys.issuer, issuedAt: row.issuedAt },
  );
  return linkUrl(ctx, token);
}

/** Gives every current holder of the community a link row (version 1) if it has none. */
async function ensureLinks(db: DirectoryDb, communityId: string, at: Date) {
  await db.execute(sql`
    insert into ${ownerLinks} (holder_id, community_id, version, issued_at)
    select distinct ${ownerships.holderId}, ${communityId}::uuid, 1, ${at.toISOString()}::timestamptz
      from ${ownerships} join ${units} on ${units.id} = ${ownerships.unitId}
     where ${units.communityId} = ${communityId} and ${ownerships.until} is null
    on conflict (holder_id) do nothing`);
}

const linkColumns = {
  holderId: ownerLinks.holderId,
  holderKey: holders.key,
  communityId: ownerLinks.communityId,
  version: ownerLinks.version,
  issuedAt: ownerLinks.issuedAt,
};

/** One row per unit with a current holder: the unit and its holder's link, in reading order. */
export interface OwnerLinkRow {
  building: string;
  entrance: string;
  room: string;
  url: string;
}

/** Every unit's owner link, for the committee to print or send (committee and platform admins). */
export async function listOwnerLinks(
  ctx: OwnerLinksCtx,
  input: { claims: StaffClaims; communityId: string },
): Promise<OwnerLinkRow[]> {
  assertManagesRoster(await loadViewer(ctx.db, input.claims, input.communityId));
  await ensureLinks(ctx.db, input.communityId, ctx.now());
  const rows = await ctx.db
    .select({
      ...linkColumns,
      building: buildings.name,
      entrance: units.entrance,
      room: units.room,
    })
    .from(ownerships)
    .innerJoin(units, eq(units.id, ownerships.unitId))
    .innerJoin(buildings, eq(buildings.id, units.buildingId))
    .innerJoin(holders, eq(holders.id, ownerships.holderId))
    .innerJoin(ownerLinks, eq(ownerLinks.holderId, ownerships.holderId))
    .where(and(eq(units.communityId, input.communityId), isNull(ownerships.until)));
  const urls = new Map<string, Promise<string>>();
  const out = await Promise.all(
    rows.map(async (row) => {
      let url = urls.get(row.holderId);
      if (!url) {
        url = sign(ctx, row);
        urls.set(row.holderId, url);
      }
      return { building: row.building, entrance: row.entrance, room: row.room, url: await url };
    }),
  );
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  return out.sort(
    (a, b) =>
      collator.compare(a.building, b.building) ||
      collator.compare(a.entrance, b.entrance) ||
      collator.compare(a.room, b.room),
  );
}

/** The current link of a unit's current holder (to give it to an owner at the desk). */
export async function unitOwnerLink(
  ctx: OwnerLinksCtx,
  input: { claims: StaffClaims; communityId: string; unitId: string },
): Promise<OwnerLink> {
  assertManagesRoster(await loadViewer(ctx.db, input.claims, input.communityId));
  const [holding] = await ctx.db
    .select({ holderId: ownerships.holderId })
    .from(ownerships)
    .innerJoin(units, eq(units.id, ownerships.unitId))
    .where(
      and(
        eq(units.id, input.unitId),
        eq(units.communityId, input.communityId),
        isNull(ownerships.until),
      ),
    );
  if (!holding) throw notFound(messages.unitNotFound);
  await ctx.db
    .insert(ownerLinks)
    .values({ holderId: holding.holderId, communityId: input.communityId, issuedAt: ctx.now() })
    .onConflictDoNothing();
  const [row] = await ctx.db
    .select(linkColumns)
    .from(ownerLinks)
    .innerJoin(holders, eq(holders.id, ownerLinks.holderId))
    .where(eq(ownerLinks.holderId, holding.holderId));
  if (!row) throw notFound(messages.unitNotFound);
  return { holderId: row.holderId, version: row.version, url: await sign(ctx, row) };
}

/**
 * Revokes an owner key's link and issues the next version, in one transaction with its
 * `directory.owner_link.revoked` event and the staff action.
 */
export async function reissueOwnerLink(
  ctx: OwnerLinksCtx,
  input: { claims: StaffClaims; communityId: string; holderId: string },
): Promise<OwnerLink> {
  const viewer = await loadViewer(ctx.db, input.claims, input.communityId);
  assertManagesRoster(viewer);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [holder] = await tx
      .select({ key: holders.key })
      .from(holders)
      .where(and(eq(holders.id, input.holderId), eq(holders.communityId, input.communityId)));
    if (!holder) throw notFound(messages.holderNotFound);
    const [link] = await tx
      .insert(ownerLinks)
      .values({
        holderId: input.holderId,
        communityId: input.communityId,
        version: 2,
        issuedAt: now,
      })
      .onConflictDoUpdate({
        target: ownerLinks.holderId,
        set: { version: sql`${ownerLinks.version} + 1`, issuedAt: now },
      })
      .returning({ version: ownerLinks.version });
    const version = link!.version;
    await enqueue(
      tx,
      ownerLinkRevoked,
      {
        communityId: input.communityId,
        aggregateId: input.holderId,
        payload: { holderId: input.holderId, holderKey: holder.key, version },
      },
      { now: () => now, newId: ctx.newId },
    );
    await recordAction(
      tx,
      {
        staffId: viewer.staffId,
        communityId: input.communityId,
        action: 'owner_link.reissued',
        target: input.holderId,
        details: { version },
      },
      now,
    );
    return {
      holderId: input.holderId,
      holderKey: holder.key,
      communityId: input.communityId,
      version,
      issuedAt: now,
    };
  });
  ctx.wakeRelay();
  return { holderId: row.holderId, version: row.version, url: await sign(ctx, row) };
}
