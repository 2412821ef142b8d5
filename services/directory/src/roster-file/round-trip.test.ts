import { describe, expect, it } from 'vitest';
import { ROSTER_COLUMNS } from './columns.ts';
import { readRoster } from './read-roster.ts';
import { rosterTemplateXlsx } from './template.ts';
import { loadWorkbook } from './test-files.ts';
import type { RosterRow } from './types.ts';
import { writeRosterCsv } from './write-csv.ts';
import { writeRosterXlsx } from './write-xlsx.ts';

const UNITS: Omit<RosterRow, 'row'>[] = [
  {
    building: '3号楼',
    entrance: '2单元',
    room: '1201',
    floor: 12,
    kind: 'residence',
    area: '89.50',
    areaBasis: 'registered',
    owner: { name: '张三', kind: 'person', phone: '13800138000', idLast4: '123X' },
    coOwners: ['李四', '王五'],
    developerUnsold: false,
  },
  {
    building: 'A座',
    entrance: '',
    room: '0101',
    floor: null,
    kind: 'commercial',
    area: '1234567.05',
    areaBasis: 'surveyed',
    owner: { name: '欧阳 娜娜', kind: 'organisation', phone: null, idLast4: '0042' },
    coOwners: [],
    developerUnsold: false,
  },
  {
    building: '地下车库',
    entrance: '',
    room: '-2-017',
    floor: -2,
    kind: 'parking',
    area: '12.00',
    areaBasis: 'contract',
    owner: { name: '华城置业有限公司', kind: 'developer', phone: null, idLast4: null },
    coOwners: [],
    developerUnsold: true,
  },
  {
    building: '5',
    entrance: '1',
    room: '301',
    floor: 3,
    kind: 'other',
    area: '0.00',
    areaBasis: 'registered',
    owner: { name: '=HYPERLINK("x")', kind: 'person', phone: '19912345678', idLast4: null },
    coOwners: ['@赵六', 'O\'Brien "Jr"'],
    developerUnsold: false,
  },
];

const withRowNumbers = UNITS.map((unit, i) => ({ row: i + 2, ...unit }));

describe('writing and reading back', () => {
  it('gives the same rows through XLSX', async () => {
    const { rows, errors } = await readRoster(await writeRosterXlsx(UNITS), 'xlsx');
    expect(errors).toEqual([]);
    expect(rows).toEqual(withRowNumbers);
  });

  it('gives the same rows through CSV', async () => {
    const text = writeRosterCsv(UNITS);
    const { rows, errors } = await readRoster(new TextEncoder().encode(text), 'csv');
    expect(errors).toEqual([]);
    expect(rows).toEqual(withRowNumbers);
  });

  it('writes CSV as UTF-8 with a BOM, Chinese headers and CRLF line ends', () => {
    const text = writeRosterCsv(UNITS);
    expect(text.startsWith(`\uFEFF${ROSTER_COLUMNS.map((c) => c.zh).join(',')}\r\n`)).toBe(true);
    expect(text).toContain(
      '\r\n3号楼,2单元,1201,12,住宅,89.50,登记,张三,个人,13800138000,123X,李四、王五,否\r\n',
    );
  });

  it('keeps Excel from running a name as a formula in CSV', () => {
    const text = writeRosterCsv(UNITS);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain("'-2-017");
    expect(text).not.toMatch(/,=HYPERLINK/u);
  });

  it('writes an XLSX with a bold, frozen Chinese header and typed cells', async () => {
    const workbook = await loadWorkbook(await writeRosterXlsx(UNITS));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('业主名册');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([undefined, ...ROSTER_COLUMNS.map((c) => c.zh)]);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getColumn(12).width).toBeGreaterThanOrEqual(20);
    expect(sheet.getCell('F2').value).toBe(89.5);
    expect(sheet.getCell('F2').numFmt).toBe('0.00');
    expect(sheet.getCell('C3').value).toBe('0101');
    expect(sheet.getCell('J2').value).toBe('13800138000');
  });
});

describe('rosterTemplateXlsx', () => {
  it('reads back with no errors', async () => {
    const { rows, errors } = await readRoster(await rosterTemplateXlsx(), 'xlsx');
    expect(errors).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.some((r) => r.coOwners.length > 0)).toBe(true);
    expect(rows.some((r) => r.developerUnsold && r.floor !== null && r.floor < 0)).toBe(true);
  });

  it('explains every column in Chinese and English on a sheet "说明"', async () => {
    const workbook = await loadWorkbook(await rosterTemplateXlsx());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['业主名册', '说明']);
    const text = JSON.stringify(workbook.getWorksheet('说明')!.getSheetValues());
    for (const column of ROSTER_COLUMNS) {
      expect(text).toContain(column.zh);
      expect(text).toContain(JSON.stringify(column.help.zh).slice(1, -1));
      expect(text).toContain(JSON.stringify(column.help.en).slice(1, -1));
    }
  });
});
