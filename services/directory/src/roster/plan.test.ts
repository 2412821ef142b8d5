import { describe, expect, it } from 'vitest';
import type { RosterRow } from '../roster-file/index.ts';
import type { CurrentRoster } from './current-roster.ts';
import { planImport } from './plan.ts';

const empty: CurrentRoster = { buildings: [], units: [], owners: [], holders: [], ownerships: [] };

function row(
  n: number,
  room: string,
  owner: Partial<RosterRow['owner']> & { name: string },
  extra: Partial<RosterRow> = {},
): RosterRow {
  return {
    row: n,
    building: '1',
    entrance: '1',
    room,
    floor: 1,
    kind: 'residence',
    area: '80.00',
    areaBasis: 'registered',
    owner: { kind: 'person', phone: null, idLast4: null, ...owner },
    coOwners: [],
    developerUnsold: false,
    ...extra,
  };
}

describe('planImport', () => {
  it('makes a co-owner named in the file the voting owner of that name elsewhere in the file', () => {
    const { plan } = planImport(empty, [
      row(2, '101', { name: '张三', phone: '13800138000' }),
      row(3, '102', { name: '李四', phone: '13900139000' }, { coOwners: ['张三'] }),
    ]);
    expect(plan.owners).toHaveLength(2);
    expect(plan.units[1]?.memberKeys).toEqual(
      ['张三\u001f13800138000', '李四\u001f13900139000'].sort(),
    );
  });

  it('refuses one co-owner set with two different voters', () => {
    const { errors } = planImport(empty, [
      row(2, '101', { name: '张三' }, { coOwners: ['李四'] }),
      row(3, '102', { name: '李四' }, { coOwners: ['张三'] }),
    ]);
    expect(errors.map((e) => [e.row, e.code])).toEqual([[3, 'voter_conflict']]);
  });

  it('refuses two owners of the same name without mobiles but with different ID last-4s', () => {
    const { errors } = planImport(empty, [
      row(2, '101', { name: '王伟', idLast4: '1111' }),
      row(3, '102', { name: '王伟', idLast4: '2222' }),
      row(4, '103', { name: '王伟', idLast4: null }),
    ]);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '证件后四位', 'owner_id_conflict'],
    ]);
  });

  it('gives the same list of changes for the same roster and rows', () => {
    const rows = [row(2, '101', { name: '张三' }), row(3, '102', { name: '李四' })];
    expect(planImport(empty, rows).changes).toEqual(planImport(empty, rows).changes);
    expect(planImport(empty, rows).summary).toMatchObject({
      unitsAdded: 2,
      ownersAdded: 2,
      ownershipsAdded: 2,
    });
  });
});
