// zod-openapi must extend zod before any schema exists (see auth.int.test.ts).
import '@hono/zod-openapi';
import { outbox } from '@yishi/bus';
import { errorBodySchema } from '@yishi/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { owners, rosterImports, staffActions, units } from '../db/schema/index.ts';
import { failInterruptedImports } from '../roster/index.ts';
import { ownerPageSchema, unitDetailSchema, unitPageSchema } from '../roster/schemas.ts';
import {
  importRoster,
  readImport,
  seedCommunity,
  seedStaffToken,
  type UnitRow,
  unit,
  uploadFile,
  uploadRoster,
  waitForImport,
} from '../roster/test-fixtures.ts';
import { writeRosterCsv } from '../roster-file/index.ts';
import { startTestDirectory, type TestDirectory } from '../test-support.ts';

let dir: TestDirectory;
beforeAll(async () => {
  dir = await startTestDirectory();
});
afterAll(() => dir?.close());

const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;

async function committee() {
  const communityId = await seedCommunity(dir);
  const { token, id } = await seedStaffToken(dir, communityId, ['committee_member']);
  return { communityId, token, staffId: id };
}

const eventsOf = (communityId: string) =>
  dir.deps.db
    .select({ type: outbox.type, payload: outbox.payload })
    .from(outbox)
    .where(eq(outbox.communityId, communityId))
    .orderBy(outbox.seq);

const countOf = async (table: typeof units | typeof owners, communityId: string) =>
  (await dir.deps.db.select({ id: table.id }).from(table).where(eq(table.communityId, communityId)))
    .length;

const zhang = { name: '张三', phone: '13800138000', idLast4: '1234' };
const li = { name: '李四', phone: '13900139000', idLast4: '5678' };
const developer = { name: '华城置业有限公司', kind: 'developer' as const };

const firstRoster: UnitRow[] = [
  unit('101', zhang, { coOwners: ['王五'] }),
  unit('102', li, { area: '120.25', areaBasis: 'surveyed' }),
  unit('B1-001', developer, {
    building: '地下车库',
    entrance: '',
    floor: -1,
    kind: 'parking',
    area: '12.50',
    areaBasis: 'contract',
    developerUnsold: true,
  }),
];

async function unitsOf(token: string, communityId: string, query = '') {
  const res = await dir.request(`/communities/${communityId}/units${query}`, { token });
  expect(res.status).toBe(200);
  return unitPageSchema.parse(await res.json());
}

describe('roster import', () => {
  it('previews a file without changing anything, then applies it with its events', async () => {
    const { communityId, token, staffId } = await committee();
    const checked = await uploadRoster(dir, token, communityId, firstRoster);

    expect(checked.status).toBe('ready');
    expect(checked.summary).toMatchObject({
      rows: 3,
      buildingsAdded: 2,
      unitsAdded: 3,
      ownersAdded: 4,
      ownershipsAdded: 3,
      ownershipsChanged: 0,
      errors: 0,
    });
    expect(checked.changes.items.map((c) => c.kind)).toContain('unit_added');
    expect(await countOf(units, communityId)).toBe(0);
    expect(await countOf(owners, communityId)).toBe(0);
    expect(await eventsOf(communityId)).toEqual([]);

    const applied = await importRoster(dir, token, communityId, firstRoster);
    expect(applied.status).toBe('applied');

    const page = await unitsOf(token, communityId);
    expect(page.items.map((u) => [u.building, u.room, u.area, u.holder?.names])).toEqual([
      ['1', '101', '89.50', ['张三', '王五']],
      ['1', '102', '120.25', ['李四']],
      ['地下车库', 'B1-001', '12.50', ['华城置业有限公司']],
    ]);
    expect(page.items[2]?.holder?.developerUnsold).toBe(true);

    const types = (await eventsOf(communityId)).map((e) => e.type);
    expect(types.filter((t) => t === 'directory.unit.recorded')).toHaveLength(3);
    expect(types.filter((t) => t === 'directory.owner.recorded')).toHaveLength(4);
    expect(types.filter((t) => t === 'directory.ownership.changed')).toHaveLength(3);

    const actions = await dir.deps.db
      .select()
      .from(staffActions)
      .where(
        and(eq(staffActions.target, applied.id), eq(staffActions.action, 'roster.import.applied')),
      );
    expect(actions).toHaveLength(1);
    expect(actions[0]?.staffId).toBe(staffId);
  });

  it('refuses a file with bad rows: reports every one of them and changes nothing', async () => {
    const { communityId, token } = await committee();
    const rows = [
      unit('101', zhang),
      unit('102', { name: '赵六', phone: '12345' }),
      unit('103', li, { area: '-3' }),
      unit('101', { name: '孙七' }),
    ];
    const bytes = new TextEncoder().encode(writeRosterCsv(rows));
    const checked = await uploadFile(dir, token, communityId, bytes, 'roster.csv');

    expect(checked.status).toBe('invalid');
    expect(checked.errors.items.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '手机', 'phone_invalid'],
      [4, '面积', 'area_negative'],
      [5, '房号', 'duplicate_unit'],
    ]);
    expect(checked.errors.items[0]?.message.zh).toMatch(/第 3 行/);
    expect(checked.errors.items[0]?.message.en).toMatch(/Row 3/);
    expect(checked.summary?.errors).toBe(3);

    const res = await dir.request(
      `/communities/${communityId}/roster/imports/${checked.id}/apply`,
      {
        token,
        method: 'POST',
      },
    );
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toMatch(/错误/);
    expect(await countOf(units, communityId)).toBe(0);
    expect(await countOf(owners, communityId)).toBe(0);
    expect(await eventsOf(communityId)).toEqual([]);
  });

  it('pages through many row errors with a cursor', async () => {
    const { communityId, token } = await committee();
    const rows = Array.from({ length: 130 }, (_, i) =>
      unit(`${1000 + i}`, { name: `业主${i}`, phone: 'bad' }),
    );
    const checked = await uploadRoster(dir, token, communityId, rows, 'csv');
    expect(checked.summary?.errors).toBe(130);
    expect(checked.errors.items).toHaveLength(100);
    const next = await readImport(
      dir,
      token,
      communityId,
      checked.id,
      `?limit=100&errorsCursor=${checked.errors.nextCursor}`,
    );
    expect(next.errors.items.map((e) => e.row)).toEqual(
      Array.from({ length: 30 }, (_, i) => 102 + i),
    );
    expect(next.errors.nextCursor).toBeNull();
  });

  it('records a transfer: the old holder stays in the history, ownershipChanged names the previous holder', async () => {
    const { communityId, token } = await committee();
    await importRoster(dir, token, communityId, firstRoster);
    const before = (await unitsOf(token, communityId)).items.find((u) => u.room === '102')!;

    const sold = firstRoster.map((r) =>
      r.room === '102'
        ? { ...r, owner: { ...r.owner, name: '周八', phone: '13700137000', idLast4: null } }
        : r,
    );
    const checked = await uploadRoster(dir, token, communityId, sold);
    expect(checked.summary).toMatchObject({
      ownersAdded: 1,
      ownershipsChanged: 1,
      unitsChanged: 0,
    });
    expect(checked.changes.items).toContainEqual(
      expect.objectContaining({
        kind: 'ownership_changed',
        unitId: before.id,
        before: { names: ['李四'], voter: '李四', developerUnsold: false },
        after: { names: ['周八'], voter: '周八', developerUnsold: false },
      }),
    );
    const eventsBefore = (await eventsOf(communityId)).length;
    await importRoster(dir, token, communityId, sold);

    const res = await dir.request(`/communities/${communityId}/units/${before.id}`, { token });
    const detail = unitDetailSchema.parse(await res.json());
    expect(detail.history.map((h) => [h.names, h.until === null])).toEqual([
      [['周八'], true],
      [['李四'], false],
    ]);
    expect(detail.history[1]?.until).toBe(detail.history[0]?.since);

    const events = (await eventsOf(communityId)).slice(eventsBefore);
    expect(events.map((e) => e.type).sort()).toEqual([
      'directory.owner.recorded',
      'directory.ownership.changed',
    ]);
    const changed = events.find((e) => e.type === 'directory.ownership.changed')!.payload as {
      unitId: string;
      previousHolderId: string;
      holderId: string;
    };
    expect(changed.unitId).toBe(before.id);
    expect(changed.previousHolderId).toBe(before.holder?.id);
    expect(changed.holderId).not.toBe(before.holder?.id);
  });

  it('changes nothing and emits nothing when the same file, or its export, is imported again', async () => {
    const { communityId, token } = await committee();
    await importRoster(dir, token, communityId, firstRoster);
    const events = (await eventsOf(communityId)).length;

    const again = await importRoster(dir, token, communityId, firstRoster);
    expect(again.summary).toMatchObject({ changes: 0, unitsUnchanged: 3 });

    for (const format of ['xlsx', 'csv'] as const) {
      const res = await dir.request(`/communities/${communityId}/roster/export?format=${format}`, {
        token,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(`filename\\*=UTF-8''${encodeURIComponent('业主名册-测试小区-')}.*\\.${format}$`),
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      const checked = await uploadFile(dir, token, communityId, bytes, `export.${format}`);
      expect(checked.status).toBe('ready');
      expect(checked.summary?.changes).toBe(0);
    }
    expect((await eventsOf(communityId)).length).toBe(events);
  });

  it('reports units missing from the file without deleting them', async () => {
    const { communityId, token } = await committee();
    await importRoster(dir, token, communityId, firstRoster);
    const applied = await importRoster(dir, token, communityId, firstRoster.slice(0, 2));
    expect(applied.summary?.unitsAbsent).toBe(1);
    expect(applied.changes.items).toContainEqual(
      expect.objectContaining({
        kind: 'unit_absent',
        unit: { building: '地下车库', entrance: '', room: 'B1-001' },
      }),
    );
    expect(await countOf(units, communityId)).toBe(3);
  });

  it('shows area and contact changes with before and after, and applies them', async () => {
    const { communityId, token } = await committee();
    await importRoster(dir, token, communityId, firstRoster);
    const changed = firstRoster.map((r) =>
      r.room === '101'
        ? { ...r, area: '90.00', floor: 2, owner: { ...r.owner, idLast4: '9999' } }
        : r,
    );
    const checked = await uploadRoster(dir, token, communityId, changed);
    expect(checked.changes.items).toEqual([
      expect.objectContaining({
        kind: 'unit_changed',
        before: { floor: 1, area: '89.50' },
        after: { floor: 2, area: '90.00' },
      }),
      expect.objectContaining({
        kind: 'owner_changed',
        name: '张三',
        before: { idLast4: '1234' },
        after: { idLast4: '9999' },
      }),
    ]);
    await importRoster(dir, token, communityId, changed);
    const updated = (await unitsOf(token, communityId)).items.find((u) => u.room === '101')!;
    expect([updated.area, updated.floor]).toEqual(['90.00', 2]);
    const res = await dir.request(`/communities/${communityId}/units/${updated.id}`, { token });
    const detail = unitDetailSchema.parse(await res.json());
    expect(detail.members.find((m) => m.voter)).toMatchObject({ name: '张三', idLast4: '9999' });
    expect(detail.history).toHaveLength(1);
  });

  it('refuses to apply an import twice, and one checked before the roster changed', async () => {
    const { communityId, token } = await committee();
    const first = await uploadRoster(dir, token, communityId, firstRoster);
    const second = await uploadRoster(dir, token, communityId, firstRoster);
    const apply = (id: string) =>
      dir.request(`/communities/${communityId}/roster/imports/${id}/apply`, {
        token,
        method: 'POST',
      });

    expect((await apply(first.id)).status).toBe(202);
    await waitForImport(dir, token, communityId, first.id, ['applied']);
    const twice = await apply(first.id);
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).details).toEqual({ status: 'applied' });

    expect((await apply(second.id)).status).toBe(202);
    const stale = await waitForImport(dir, token, communityId, second.id, ['failed', 'applied']);
    expect(stale.status).toBe('failed');
    expect(stale.failure?.code).toBe('stale');
    expect(await countOf(units, communityId)).toBe(3);
  });

  it('leaves nothing applied and marks the import failed when applying fails midway', async () => {
    const { communityId, token } = await committee();
    const checked = await uploadRoster(dir, token, communityId, firstRoster);
    expect(checked.status).toBe('ready');
    // Every ownership insert fails, after buildings, owners and units were written.
    const fn = `fail_${communityId.replaceAll('-', '')}`;
    await dir.deps.db.execute(
      sql.raw(`create function ${fn}() returns trigger language plpgsql as $$
        begin if (select community_id from units where id = new.unit_id) = '${communityId}'
        then raise exception 'disk full'; end if; return new; end $$;
        create trigger ${fn} before insert on ownerships for each row execute function ${fn}();`),
    );
    try {
      const res = await dir.request(
        `/communities/${communityId}/roster/imports/${checked.id}/apply`,
        {
          token,
          method: 'POST',
        },
      );
      expect(res.status).toBe(202);
      const failed = await waitForImport(dir, token, communityId, checked.id, [
        'failed',
        'applied',
      ]);
      expect(failed.status).toBe('failed');
      expect(failed.failure?.code).toBe('error');
    } finally {
      await dir.deps.db.execute(
        sql.raw(`drop trigger ${fn} on ownerships; drop function ${fn}();`),
      );
    }
    expect(await countOf(units, communityId)).toBe(0);
    expect(await countOf(owners, communityId)).toBe(0);
    expect(await eventsOf(communityId)).toEqual([]);
  });

  it('marks imports interrupted by a restart as failed', async () => {
    const { communityId, token, staffId } = await committee();
    const id = crypto.randomUUID();
    await dir.deps.db.insert(rosterImports).values({
      id,
      communityId,
      staffId,
      fileName: 'a.csv',
      format: 'csv',
      file: new Uint8Array([1]),
      status: 'applying',
      heartbeatAt: new Date(Date.now() - 60_000),
    });
    expect(await failInterruptedImports(dir.deps, { staleAfterMs: 30_000 })).toContain(id);
    const view = await readImport(dir, token, communityId, id);
    expect(view.status).toBe('failed');
    expect(view.failure?.code).toBe('interrupted');
  });

  it('refuses files it cannot read as a roster, too large ones, and uploads by other roles', async () => {
    const { communityId, token } = await committee();
    const post = (body: Uint8Array, query: string, t = token) =>
      dir.app.request(`/communities/${communityId}/roster/imports${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, 'content-type': 'application/octet-stream' },
        body,
      });
    const unknown = await post(new Uint8Array([1, 2, 3]), '?fileName=roster.pdf');
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).message).toMatch(/xlsx/);
    const large = await post(new Uint8Array(21 * 1024 * 1024), '?fileName=roster.csv');
    expect(large.status).toBe(413);
    const raw = await post(
      new TextEncoder().encode(writeRosterCsv(firstRoster)),
      '?fileName=名册.csv',
    );
    expect(raw.status).toBe(202);

    const secretary = await seedStaffToken(dir, communityId, ['party_secretary']);
    const refused = await post(new Uint8Array([1]), '?fileName=a.csv', secretary.token);
    expect(refused.status).toBe(403);
  });
});

describe('reading the roster', () => {
  it('answers 404 to staff of another community', async () => {
    const { communityId, token } = await committee();
    await importRoster(dir, token, communityId, firstRoster);
    const unitId = (await unitsOf(token, communityId)).items[0]!.id;
    const other = await seedCommunity(dir, '别的小区');
    const outsider = await seedStaffToken(dir, other, ['committee_admin']);
    for (const path of [
      `/communities/${communityId}`,
      `/communities/${communityId}/units`,
      `/communities/${communityId}/units/${unitId}`,
      `/communities/${communityId}/owners`,
      `/communities/${communityId}/roster/export`,
    ]) {
      const res = await dir.request(path, { token: outsider.token });
      expect(res.status, path).toBe(404);
    }
    // A token naming the community is not enough without a role in it.
    const forged = await dir.tokenFor({
      sub: outsider.id,
      roles: ['committee_admin'],
      communities: [communityId],
    });
    expect((await dir.request(`/communities/${communityId}/units`, { token: forged })).status).toBe(
      404,
    );
  });

  it('shows a grid worker only the owners of their buildings, with masked phones', async () => {
    const { communityId, token } = await committee();
    await importRoster(dir, token, communityId, [
      ...firstRoster,
      unit('201', { name: '钱九', phone: '13600136000', idLast4: '4321' }, { building: '2' }),
    ]);
    const buildingsRes = await dir.request(`/communities/${communityId}/buildings`, { token });
    const { items: buildings } = (await buildingsRes.json()) as {
      items: { id: string; name: string; unitCount: number; totalArea: string }[];
    };
    expect(buildings.map((b) => [b.name, b.unitCount, b.totalArea])).toEqual([
      ['1', 2, '209.75'],
      ['2', 1, '89.50'],
      ['地下车库', 1, '12.50'],
    ]);
    const [one, two] = buildings;
    const worker = await seedStaffToken(dir, communityId, ['grid_worker'], [two!.id]);

    const res = await dir.request(`/communities/${communityId}/owners`, { token: worker.token });
    const page = ownerPageSchema.parse(await res.json());
    expect(page.items.map((o) => [o.name, o.phone, o.idLast4])).toEqual([
      ['钱九', '136****6000', null],
    ]);

    const filtered = await dir.request(`/communities/${communityId}/owners?buildingId=${one!.id}`, {
      token: worker.token,
    });
    expect(filtered.status).toBe(404);
    const otherUnit = (await unitsOf(token, communityId)).items.find((u) => u.building === '1')!;
    const unitRes = await dir.request(`/communities/${communityId}/units/${otherUnit.id}`, {
      token: worker.token,
    });
    expect(unitRes.status).toBe(404);
    expect((await unitsOf(worker.token, communityId)).items.map((u) => u.room)).toEqual(['201']);

    const committeeView = ownerPageSchema.parse(
      await (
        await dir.request(`/communities/${communityId}/owners?buildingId=${two!.id}`, { token })
      ).json(),
    );
    expect(committeeView.items.map((o) => [o.phone, o.idLast4])).toEqual([['13600136000', '4321']]);

    const secretary = await seedStaffToken(dir, communityId, ['party_secretary']);
    const all = ownerPageSchema.parse(
      await (
        await dir.request(`/communities/${communityId}/owners?limit=2`, { token: secretary.token })
      ).json(),
    );
    expect(all.items).toHaveLength(2);
    expect(all.items.every((o) => o.idLast4 === null && !/\d{11}/.test(o.phone ?? ''))).toBe(true);
    const rest = ownerPageSchema.parse(
      await (
        await dir.request(`/communities/${communityId}/owners?limit=10&cursor=${all.nextCursor}`, {
          token: secretary.token,
        })
      ).json(),
    );
    expect([...all.items, ...rest.items].map((o) => o.name).sort()).toEqual(
      ['华城置业有限公司', '张三', '李四', '王五', '钱九'].sort(),
    );
  });

  it('pages through units by building and room', async () => {
    const { communityId, token } = await committee();
    await importRoster(dir, token, communityId, firstRoster);
    const first = await unitsOf(token, communityId, '?limit=2');
    const second = await unitsOf(token, communityId, `?limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((u) => u.room)).toEqual(['101', '102', 'B1-001']);
    expect(second.nextCursor).toBeNull();
  });

  it('orders buildings and rooms as people read them, also across pages', async () => {
    const { communityId, token } = await committee();
    const owner = (n: number) => ({ name: `业主${n}` });
    await importRoster(dir, token, communityId, [
      unit('1001', owner(1), { building: '10栋' }),
      unit('101', owner(2), { building: '10栋' }),
      unit('502', owner(3), { building: '2栋' }),
      unit('99', owner(4), { building: '2栋' }),
      unit('A1', owner(5), { building: '会所' }),
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await unitsOf(
        token,
        communityId,
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((u) => `${u.building}-${u.room}`));
      cursor = page.nextCursor;
    } while (cursor !== null && seen.length < 10);
    expect(seen).toEqual(['2栋-99', '2栋-502', '10栋-101', '10栋-1001', '会所-A1']);

    const res = await dir.request(`/communities/${communityId}/buildings`, { token });
    const { items } = (await res.json()) as { items: { name: string }[] };
    expect(items.map((b) => b.name)).toEqual(['2栋', '10栋', '会所']);
  });

  it('serves the template with a Chinese file name', async () => {
    const { communityId, token } = await committee();
    const res = await dir.request(`/communities/${communityId}/roster/template.xlsx`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="______.xlsx"; filename*=UTF-8''${encodeURIComponent('业主名册模板.xlsx')}`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
  });
});
