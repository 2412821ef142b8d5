import type { StaffClaims } from '@yishi/auth';
import { enqueue } from '@yishi/bus';
import { gridDefined } from '@yishi/contracts';
import type { Executor } from '@yishi/db';
import { alreadyExists, notFound, validationFailed } from '@yishi/errors';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { recordAction } from '../audit.ts';
import type * as schema from '../db/schema/index.ts';
import { buildings, gridBuildings, grids, gridWorkers, staffRoles } from '../db/schema/index.ts';
import type { RosterCtx } from './context.ts';
import { messages } from './messages.ts';
import { assertAdministers, loadViewer } from './viewer.ts';

type Tx = Executor<typeof schema>;

/** A grid (网格): the buildings it covers and the grid workers assigned to it. */
export interface GridView {
  id: string;
  name: string;
  buildingIds: string[];
  workerIds: string[];
}

export interface DefineGridInput {
  claims: StaffClaims;
  communityId: string;
  name: string;
  buildingIds: string[];
  workerIds?: string[];
}

/** Creates a grid (committee admins, platform admins) and publishes gridDefined. */
export async function createGrid(ctx: RosterCtx, input: DefineGridInput): Promise<GridView> {
  return defineGrid(ctx, { ...input, gridId: null });
}

/** Replaces a grid's name, buildings and workers, and publishes gridDefined. */
export async function updateGrid(
  ctx: RosterCtx,
  input: DefineGridInput & { gridId: string },
): Promise<GridView> {
  return defineGrid(ctx, input);
}

async function defineGrid(
  ctx: RosterCtx,
  input: DefineGridInput & { gridId: string | null },
): Promise<GridView> {
  const { communityId } = input;
  const viewer = await loadViewer(ctx.db, input.claims, communityId);
  assertAdministers(viewer);
  const buildingIds = [...new Set(input.buildingIds)].sort();
  const workerIds = [...new Set(input.workerIds ?? [])].sort();
  const now = ctx.now();
  const grid = await ctx.db.transaction(async (tx) => {
    await assertBuildingsOf(tx, communityId, buildingIds);
    await assertGridWorkersOf(tx, communityId, workerIds);
    const id = input.gridId ?? ctx.newId();
    const [taken] = await tx
      .select({ id: grids.id })
      .from(grids)
      .where(and(eq(grids.communityId, communityId), eq(grids.name, input.name), ne(grids.id, id)));
    if (taken) throw alreadyExists(messages.gridNameTaken, { details: { field: 'name' } });
    if (input.gridId === null) {
      await tx.insert(grids).values({ id, communityId, name: input.name });
    } else {
      const [updated] = await tx
        .update(grids)
        .set({ name: input.name })
        .where(and(eq(grids.id, id), eq(grids.communityId, communityId)))
        .returning({ id: grids.id });
      if (!updated) throw notFound(messages.gridNotFound);
      await tx.delete(gridBuildings).where(eq(gridBuildings.gridId, id));
      await tx.delete(gridWorkers).where(eq(gridWorkers.gridId, id));
    }
    if (buildingIds.length > 0) {
      await tx
        .insert(gridBuildings)
        .values(buildingIds.map((buildingId) => ({ gridId: id, buildingId })));
    }
    if (workerIds.length > 0) {
      await tx.insert(gridWorkers).values(workerIds.map((staffId) => ({ gridId: id, staffId })));
    }
    const grid: GridView = { id, name: input.name, buildingIds, workerIds };
    await enqueue(
      tx,
      gridDefined,
      { communityId, aggregateId: id, payload: { gridId: id, ...grid } },
      { now: () => now, newId: ctx.newId },
    );
    await recordAction(
      tx,
      {
        staffId: viewer.staffId,
        communityId,
        action: input.gridId === null ? 'grid.created' : 'grid.updated',
        target: id,
        details: { ...grid },
      },
      now,
    );
    return grid;
  });
  ctx.wakeRelay();
  return grid;
}

async function assertBuildingsOf(tx: Tx, communityId: string, ids: string[]) {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: buildings.id })
    .from(buildings)
    .where(and(eq(buildings.communityId, communityId), inArray(buildings.id, ids)));
  const known = new Set(found.map((b) => b.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw validationFailed(messages.buildingNotFound, { details: { buildingIds: unknown } });
  }
}

async function assertGridWorkersOf(tx: Tx, communityId: string, ids: string[]) {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: staffRoles.staffId })
    .from(staffRoles)
    .where(
      and(
        eq(staffRoles.communityId, communityId),
        eq(staffRoles.role, 'grid_worker'),
        inArray(staffRoles.staffId, ids),
      ),
    );
  const known = new Set(found.map((s) => s.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw validationFailed(messages.notGridWorker, { details: { workerIds: unknown } });
  }
}

/** The grids of a community, by name (any staff member of it). */
export async function listGrids(
  ctx: RosterCtx,
  input: { claims: StaffClaims; communityId: string },
): Promise<GridView[]> {
  await loadViewer(ctx.db, input.claims, input.communityId);
  const rows = await ctx.db
    .select({ id: grids.id, name: grids.name })
    .from(grids)
    .where(eq(grids.communityId, input.communityId))
    .orderBy(asc(grids.name));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [b, w] = await Promise.all([
    ctx.db.select().from(gridBuildings).where(inArray(gridBuildings.gridId, ids)),
    ctx.db.select().from(gridWorkers).where(inArray(gridWorkers.gridId, ids)),
  ]);
  return rows.map((r) => ({
    ...r,
    buildingIds: b
      .filter((x) => x.gridId === r.id)
      .map((x) => x.buildingId)
      .sort(),
    workerIds: w
      .filter((x) => x.gridId === r.id)
      .map((x) => x.staffId)
      .sort(),
  }));
}
