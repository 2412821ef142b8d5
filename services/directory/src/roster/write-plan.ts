import { type PreparedEvent, prepareEvent } from '@yishi/bus';
import { ownerRecorded, ownershipChanged, unitRecorded } from '@yishi/contracts';
import { type Executor, insertColumns } from '@yishi/db';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type * as schema from '../db/schema/index.ts';
import { buildings, holders, type owners, ownerships, type units } from '../db/schema/index.ts';
import { inChunks, valuesList } from './bulk.ts';
import type { RosterCtx } from './context.ts';
import { holderKey } from './keys.ts';
import type { ImportPlan, PlannedUnit } from './plan.ts';
import type { ProgressReporter } from './progress.ts';
import type { RosterIndex } from './roster-index.ts';

type Tx = Executor<typeof schema>;

interface WriteInput {
  communityId: string;
  plan: ImportPlan;
  index: RosterIndex;
  at: Date;
  progress: ProgressReporter;
}

/**
 * Writes an import plan in the caller's transaction with multi-row statements (a few dozen for
 * 20,000 units, none per unit) and returns the events of what changed, for the same transaction.
 */
export async function writePlan(
  tx: Tx,
  ctx: Pick<RosterCtx, 'newId'>,
  input: WriteInput,
): Promise<PreparedEvent[]> {
  const events: PreparedEvent[] = [];
  const event = makeEvent(input.communityId, input.at, ctx);
  const buildingIds = await writeBuildings(tx, ctx, input);
  const ownerIds = await writeOwners(tx, ctx, input, events, event);
  const unitIds = await writeUnits(tx, ctx, input, buildingIds, events, event);
  await writeHoldings(tx, ctx, input, ownerIds, unitIds, events, event);
  return events;
}

function makeEvent(communityId: string, at: Date, ctx: Pick<RosterCtx, 'newId'>) {
  const deps = { now: () => at, newId: ctx.newId };
  return {
    unit: (payload: Parameters<typeof unitRecorded.create>[0]['payload']) =>
      prepareEvent(unitRecorded, { communityId, aggregateId: payload.unitId, payload }, deps),
    owner: (payload: Parameters<typeof ownerRecorded.create>[0]['payload']) =>
      prepareEvent(ownerRecorded, { communityId, aggregateId: payload.ownerId, payload }, deps),
    ownership: (payload: Parameters<typeof ownershipChanged.create>[0]['payload']) =>
      prepareEvent(ownershipChanged, { communityId, aggregateId: payload.unitId, payload }, deps),
  };
}
type MakeEvent = ReturnType<typeof makeEvent>;

async function writeBuildings(tx: Tx, ctx: Pick<RosterCtx, 'newId'>, input: WriteInput) {
  const ids = new Map<string, string>();
  const added = [];
  for (const b of input.plan.buildings) {
    const id = b.existingId ?? ctx.newId();
    ids.set(b.key, id);
    if (b.existingId === null) added.push({ id, communityId: input.communityId, name: b.name });
    else if (b.renamed)
      await tx.update(buildings).set({ name: b.name }).where(eq(buildings.id, id));
  }
  if (added.length > 0) await tx.insert(buildings).values(added);
  input.progress.report({ phase: 'buildings', done: added.length, total: added.length });
  return ids;
}

async function writeOwners(
  tx: Tx,
  ctx: Pick<RosterCtx, 'newId'>,
  input: WriteInput,
  events: PreparedEvent[],
  event: MakeEvent,
) {
  const ids = new Map<string, string>();
  const added: (typeof owners.$inferInsert & { id: string })[] = [];
  const changed: { id: string; kind: string; idLast4: string | null }[] = [];
  for (const { spec, existingId, write } of input.plan.owners) {
    const id = existingId ?? ctx.newId();
    ids.set(spec.matchKey, id);
    if (write === null) continue;
    const { name, kind, phone, idLast4, matchKey } = spec;
    if (write === 'insert') {
      added.push({ id, communityId: input.communityId, kind, name, phone, idLast4, matchKey });
    } else {
      changed.push({ id, kind, idLast4 });
    }
    events.push(event.owner({ ownerId: id, kind, name, phone, idLast4 }));
  }
  const total = added.length + changed.length;
  const report = (done: number) => input.progress.report({ phase: 'owners', done, total });
  await inChunks(
    added,
    (chunk) =>
      tx.execute(
        insertColumns(
          'owners',
          [
            ['id', 'uuid'],
            ['community_id', 'uuid'],
            ['kind', 'owner_kind'],
            ['name', 'text'],
            ['phone', 'text'],
            ['id_last4', 'text'],
            ['match_key', 'text'],
            ['updated_at', 'timestamptz'],
          ],
          chunk.map((o) => [
            o.id,
            o.communityId,
            o.kind,
            o.name,
            o.phone ?? null,
            o.idLast4 ?? null,
            o.matchKey,
            input.at.toISOString(),
          ]),
        ),
      ),
    report,
  );
  await inChunks(
    changed,
    (chunk) =>
      tx.execute(sql`
        update owners as o set kind = v.kind, id_last4 = v.id_last4, updated_at = ${input.at.toISOString()}::timestamptz
        from ${valuesList(
          chunk.map((c) => sql`(${c.id}::uuid, ${c.kind}::owner_kind, ${c.idLast4}::text)`),
          'v',
          ['id', 'kind', 'id_last4'],
        )}
        where o.id = v.id`),
    (done) => report(added.length + done),
  );
  return ids;
}

async function writeUnits(
  tx: Tx,
  ctx: Pick<RosterCtx, 'newId'>,
  input: WriteInput,
  buildingIds: Map<string, string>,
  events: PreparedEvent[],
  event: MakeEvent,
) {
  const ids = new Map<PlannedUnit, string>();
  const added: (typeof units.$inferInsert)[] = [];
  const changed: (typeof units.$inferInsert & { id: string })[] = [];
  for (const u of input.plan.units) {
    const id = u.existingId ?? ctx.newId();
    ids.set(u, id);
    if (u.write === null) continue;
    const buildingId = buildingIds.get(u.buildingKey)!;
    const { building, ...fields } = u.fields;
    const row = { id, communityId: input.communityId, buildingId, ...fields, updatedAt: input.at };
    (u.write === 'insert' ? added : changed).push(row);
    events.push(event.unit({ unitId: id, buildingId, building, ...fields }));
  }
  const total = added.length + changed.length;
  const report = (done: number) => input.progress.report({ phase: 'units', done, total });
  await inChunks(
    added,
    (chunk) =>
      tx.execute(
        insertColumns(
          'units',
          [
            ['id', 'uuid'],
            ['community_id', 'uuid'],
            ['building_id', 'uuid'],
            ['entrance', 'text'],
            ['room', 'text'],
            ['floor', 'integer'],
            ['kind', 'unit_kind'],
            ['area', 'numeric'],
            ['area_basis', 'area_basis'],
            ['updated_at', 'timestamptz'],
          ],
          chunk.map((u) => [
            u.id!,
            u.communityId,
            u.buildingId,
            u.entrance ?? '',
            u.room,
            u.floor ?? null,
            u.kind,
            u.area,
            u.areaBasis,
            input.at.toISOString(),
          ]),
        ),
      ),
    report,
  );
  await inChunks(
    changed,
    (chunk) =>
      tx.execute(sql`
        update units as u set building_id = v.building_id, entrance = v.entrance, room = v.room,
          floor = v.floor, kind = v.kind, area = v.area, area_basis = v.area_basis,
          updated_at = ${input.at.toISOString()}::timestamptz
        from ${valuesList(
          chunk.map(
            (c) =>
              sql`(${c.id}::uuid, ${c.buildingId}::uuid, ${c.entrance}::text, ${c.room}::text, ${c.floor}::integer, ${c.kind}::unit_kind, ${c.area}::numeric, ${c.areaBasis}::area_basis)`,
          ),
          'v',
          ['id', 'building_id', 'entrance', 'room', 'floor', 'kind', 'area', 'area_basis'],
        )}
        where u.id = v.id`),
    (done) => report(added.length + done),
  );
  return ids;
}

/**
 * Opens a new ownership for every unit whose holder (or developer-unsold flag) changes, closing
 * the current one (`until` = now; past ownership is kept), creates the co-owner sets that did
 * not exist yet, and sets new voting co-owners.
 */
async function writeHoldings(
  tx: Tx,
  ctx: Pick<RosterCtx, 'newId'>,
  input: WriteInput,
  ownerIds: Map<string, string>,
  unitIds: Map<PlannedUnit, string>,
  events: PreparedEvent[],
  event: MakeEvent,
) {
  const { index, at } = input;
  const holderIds = new Map<string, string>();
  const newHolders: { id: string; key: string; voterId: string; memberIds: string[] }[] = [];
  const holderFor = (memberKeys: string[], voterKey: string) => {
    const memberIds = memberKeys.map((k) => ownerIds.get(k)!);
    const key = holderKey(memberIds);
    const known = holderIds.get(key) ?? index.holdersByKey.get(key)?.id;
    if (known !== undefined) return { id: known, key, memberIds };
    const id = ctx.newId();
    holderIds.set(key, id);
    newHolders.push({ id, key, voterId: ownerIds.get(voterKey)!, memberIds });
    return { id, key, memberIds };
  };

  const moving = input.plan.units.filter((u) => u.holdingChanged);
  const opened = moving.map((u) => ({
    unit: u,
    unitId: unitIds.get(u)!,
    ...holderFor(u.memberKeys, u.voterKey),
  }));
  const voterUpdates = input.plan.voterChanges.map((v) => ({
    holderId: v.holderId,
    voterId: ownerIds.get(v.voterKey)!,
  }));

  await inChunks(newHolders, (chunk) =>
    tx.execute(
      insertColumns(
        'holders',
        [
          ['id', 'uuid'],
          ['community_id', 'uuid'],
          ['key', 'text'],
          ['voter_id', 'uuid'],
        ],
        chunk.map((h) => [h.id, input.communityId, h.key, h.voterId]),
      ),
    ),
  );
  const members = newHolders.flatMap((h) => h.memberIds.map((ownerId) => [h.id, ownerId]));
  await inChunks(members, (chunk) =>
    tx.execute(
      insertColumns(
        'holder_members',
        [
          ['holder_id', 'uuid'],
          ['owner_id', 'uuid'],
        ],
        chunk,
      ),
    ),
  );
  for (const { holderId, voterId } of voterUpdates) {
    await tx.update(holders).set({ voterId }).where(eq(holders.id, holderId));
  }

  const closing = moving.flatMap((u) => (u.existingId === null ? [] : [u.existingId]));
  await inChunks(closing, (chunk) =>
    tx
      .update(ownerships)
      .set({ until: at })
      .where(and(inArray(ownerships.unitId, chunk), isNull(ownerships.until))),
  );
  const report = (done: number) =>
    input.progress.report({ phase: 'ownerships', done, total: opened.length });
  await inChunks(
    opened,
    (chunk) =>
      tx.execute(
        insertColumns(
          'ownerships',
          [
            ['id', 'uuid'],
            ['unit_id', 'uuid'],
            ['holder_id', 'uuid'],
            ['developer_unsold', 'boolean'],
            ['since', 'timestamptz'],
          ],
          chunk.map((o) => [ctx.newId(), o.unitId, o.id, o.unit.developerUnsold, at.toISOString()]),
        ),
      ),
    report,
  );

  const voterOf = new Map(newHolders.map((h) => [h.id, h.voterId]));
  for (const v of voterUpdates) voterOf.set(v.holderId, v.voterId);
  const currentVoter = (holderId: string) =>
    voterOf.get(holderId) ?? index.holdersById.get(holderId)!.voterId;
  for (const o of opened) {
    events.push(
      event.ownership({
        unitId: o.unitId,
        holderId: o.id,
        holderKey: o.key,
        memberIds: [...o.memberIds].sort(),
        voterId: currentVoter(o.id),
        developerUnsold: o.unit.developerUnsold,
        since: at.toISOString(),
        previousHolderId: o.unit.previousHolderId,
      }),
    );
  }
  // A new voting co-owner changes what every unit of the set publishes, not only the units in
  // this file's changed rows.
  const reopened = new Set(opened.map((o) => o.unitId));
  const revoiced = new Set(voterUpdates.map((v) => v.holderId));
  for (const ownership of index.roster.ownerships) {
    if (!revoiced.has(ownership.holderId) || reopened.has(ownership.unitId)) continue;
    const holder = index.holdersById.get(ownership.holderId)!;
    events.push(
      event.ownership({
        unitId: ownership.unitId,
        holderId: holder.id,
        holderKey: holder.key,
        memberIds: [...holder.memberIds].sort(),
        voterId: currentVoter(holder.id),
        developerUnsold: ownership.developerUnsold,
        since: ownership.since.toISOString(),
        previousHolderId: holder.id,
      }),
    );
  }
}
