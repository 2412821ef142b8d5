import { describe, expect, it } from 'vitest';
import { readRoster } from './read-roster.ts';
import { HEADER, xlsx } from './test-files.ts';

describe('readRoster on XLSX', () => {
  it('accepts the numbers Excel stores as number cells', async () => {
    const bytes = await xlsx([
      {
        name: '名册',
        rows: [
          HEADER,
          // building, entrance, room, floor, kind, area, basis, owner, owner kind, mobile, ID, co-owners, unsold
          [3, 2, 1201, -1, '住宅', 89.5, '登记', '张三', '个人', 13800138000, 123, null, false],
          [
            3,
            2,
            1202,
            12,
            '住宅',
            0.1 * 3 + 89.25,
            '实测',
            '李四',
            '开发商',
            null,
            4567,
            null,
            true,
          ],
          [3, 2, 1203, 12, '住宅', 100, '合同', '王五', null, null, null, null, 0],
        ],
      },
    ]);
    const { rows, errors } = await readRoster(bytes, 'xlsx');
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      row: 2,
      building: '3',
      entrance: '2',
      room: '1201',
      floor: -1,
      area: '89.50',
      owner: { phone: '13800138000', idLast4: '0123' },
      developerUnsold: false,
    });
    // 0.1 * 3 + 89.25 is 89.55000000000001 in binary floating point.
    expect(rows[1]).toMatchObject({
      area: '89.55',
      developerUnsold: true,
      owner: { idLast4: '4567' },
    });
    expect(rows[2]).toMatchObject({ area: '100.00', developerUnsold: false });
  });

  it('refuses a number cell area with three decimals and a non-integer floor', async () => {
    const bytes = await xlsx([
      { name: '名册', rows: [HEADER, [3, 2, 1201, 1.5, '住宅', 89.555, '登记', '张三']] },
    ]);
    const { errors } = await readRoster(bytes, 'xlsx');
    expect(errors.map((e) => [e.row, e.column, e.code, e.value])).toEqual([
      [2, '楼层', 'floor_invalid', '1.5'],
      [2, '面积', 'area_invalid', '89.555'],
    ]);
  });

  it('refuses a full ID number typed as a number cell', async () => {
    const bytes = await xlsx([
      {
        name: '名册',
        rows: [
          HEADER,
          [3, 2, 1201, 1, '住宅', 89.5, '登记', '张三', '个人', null, 110105194912310020],
        ],
      },
    ]);
    const { errors } = await readRoster(bytes, 'xlsx');
    expect(errors.map((e) => e.code)).toEqual(['id_full_number']);
  });

  it('reads rich text and the cached result of formulas', async () => {
    const bytes = await xlsx([
      {
        name: '名册',
        rows: [
          HEADER,
          [
            { richText: [{ text: '3' }, { text: '号楼', font: { bold: true } }] },
            2,
            '1201',
            null,
            null,
            { formula: '80+9.5', result: 89.5 },
            '登记',
            { formula: '"张"&"三"', result: '张三' },
          ],
        ],
      },
    ]);
    const { rows, errors } = await readRoster(bytes, 'xlsx');
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ building: '3号楼', area: '89.50', owner: { name: '张三' } });
  });

  it('reads only the first sheet in tab order', async () => {
    const bytes = await xlsx([
      { name: '业主名册', rows: [HEADER, [3, 2, 1201, 1, '住宅', 89.5, '登记', '张三']] },
      { name: '备注', rows: [['随便写的'], ['不是名册']] },
    ]);
    const { rows, errors } = await readRoster(bytes, 'xlsx');
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.room)).toEqual(['1201']);
  });

  it('keeps the spreadsheet row numbers across empty rows', async () => {
    const bytes = await xlsx([
      {
        name: '名册',
        rows: [
          ['某某小区业主名册'],
          HEADER,
          [3, 2, 1201, 1, '住宅', 89.5, '登记', '张三'],
          [],
          [null, null, null, null, '  '],
          [3, 2, 1202, 1, '住宅', 'x', '登记', '李四'],
        ],
      },
    ]);
    const { rows, errors } = await readRoster(bytes, 'xlsx');
    expect(rows.map((r) => r.row)).toEqual([3]);
    expect(errors.map((e) => [e.row, e.column])).toEqual([[6, '面积']]);
  });
});
