import { describe, expect, it } from 'vitest';
import { readRoster } from './read-roster.ts';
import { csv, HEADER, unitCells } from './test-files.ts';

const readCsv = (rows: string[][], header?: string[]) => readRoster(csv(rows, header), 'csv');

describe('readRoster field checks', () => {
  it('reads a valid row with row 2 as the first data row', async () => {
    const { rows, errors } = await readCsv([unitCells()]);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        building: '3',
        entrance: '2',
        room: '1201',
        floor: 12,
        kind: 'residence',
        area: '89.50',
        areaBasis: 'registered',
        owner: { name: '张三', kind: 'person', phone: '13800138000', idLast4: '1234' },
        coOwners: [],
        developerUnsold: false,
      },
    ]);
  });

  it('words an area with three decimals for the committee, with row and column', async () => {
    const rows = Array.from({ length: 11 }, (_, i) => unitCells({ 房号: `${101 + i}` }));
    rows[10] = unitCells({ 房号: '999', 面积: '89.555' });
    const { errors } = await readCsv(rows);
    expect(errors).toEqual([
      {
        row: 12,
        column: '面积',
        code: 'area_invalid',
        message: {
          zh: "第 12 行「面积」：'89.555' 不是最多两位小数的数字",
          en: "Row 12, 面积 (area): '89.555' is not a number with at most two decimals",
        },
        value: '89.555',
      },
    ]);
  });

  it('normalises areas to two decimals', async () => {
    const { rows } = await readCsv([
      unitCells({ 房号: '1', 面积: '89.5' }),
      unitCells({ 房号: '2', 面积: ' 120 ' }),
      unitCells({ 房号: '3', 面积: '０７５.０５㎡' }),
      unitCells({ 房号: '4', 面积: '0' }),
    ]);
    expect(rows.map((r) => r.area)).toEqual(['89.50', '120.00', '75.05', '0.00']);
  });

  it.each([
    ['面积', '-3.5', 'area_negative'],
    ['面积', '1,234.50', 'area_invalid'],
    ['面积', '', 'required'],
    ['楼栋', '', 'required'],
    ['房号', '　', 'required'],
    ['业主', '', 'required'],
    ['面积依据', '', 'required'],
    ['面积依据', '估算', 'area_basis_invalid'],
    ['楼层', '十二', 'floor_invalid'],
    ['楼层', '12.5', 'floor_invalid'],
    ['楼层', '250', 'floor_out_of_range'],
    ['类型', '别墅', 'kind_invalid'],
    ['业主类型', '法人', 'owner_kind_invalid'],
    ['手机', '010-12345678', 'phone_invalid'],
    ['手机', '1.38001E+10', 'phone_scientific'],
    ['证件后四位', '12A4', 'id_last4_invalid'],
    ['开发商未售', '也许', 'yes_no_invalid'],
    ['楼栋', 'x'.repeat(33), 'too_long'],
  ])('refuses %s = %j with code %s on that row and column', async (header, value, code) => {
    const { rows, errors } = await readCsv([
      unitCells({ 房号: '101' }),
      unitCells({ 房号: '102', [header]: value }),
    ]);
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 3, column: header, code });
    expect(errors[0]?.message.zh).toMatch(new RegExp(`^第 3 行「${header}」：`));
    expect(errors[0]?.message.en).toMatch(new RegExp(`^Row 3, ${header} \\(`));
  });

  it('collects every error of every row instead of stopping at the first', async () => {
    const { rows, errors } = await readCsv([
      unitCells({ 房号: '101', 面积: 'abc', 手机: '123' }),
      unitCells({ 房号: '102' }),
      unitCells({ 房号: '', 面积依据: '?', 业主: '' }),
    ]);
    expect(rows.map((r) => r.room)).toEqual(['102']);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, '面积'],
      [2, '手机'],
      [4, '房号'],
      [4, '面积依据'],
      [4, '业主'],
    ]);
  });

  it('refuses a full ID number and keeps no trace of it in the error', async () => {
    const fullId = '11010519491231002X';
    const { rows, errors } = await readCsv([unitCells({ 证件后四位: fullId })]);
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error).toMatchObject({ row: 2, column: '证件后四位', code: 'id_full_number' });
    expect(error?.value).toBeUndefined();
    expect(error?.message.zh).toContain('只保留证件号后四位');
    expect(error?.message.en).toContain('Only the last four characters are kept');
    expect(error?.message.zh).toContain('002X');
    expect(JSON.stringify(error)).not.toContain(fullId.slice(0, 10));
  });

  it('refuses an ID number pasted into a name or mobile column, without repeating it', async () => {
    const { errors } = await readCsv([
      unitCells({ 房号: '101', 业主: '张三 110105194912310021' }),
      unitCells({ 房号: '102', 共有人: '李四、110105194912310021' }),
      unitCells({ 房号: '103', 手机: '110105194912310021' }),
    ]);
    expect(errors.map((e) => [e.row, e.column, e.code, e.value])).toEqual([
      [2, '业主', 'id_full_number', undefined],
      [3, '共有人', 'id_full_number', undefined],
      [4, '手机', 'id_full_number', undefined],
    ]);
    expect(JSON.stringify(errors)).not.toContain('1101051949');
  });

  it('does not echo a too-long value in the ID column either', async () => {
    const { errors } = await readCsv([unitCells({ 证件后四位: '1101051949' })]);
    expect(errors[0]).toMatchObject({ code: 'id_last4_invalid' });
    expect(JSON.stringify(errors[0])).not.toContain('1101051949');
  });

  it('requires owner kind 开发商 for a developer-unsold unit', async () => {
    const { errors } = await readCsv([unitCells({ 开发商未售: '是' })]);
    expect(errors).toEqual([
      expect.objectContaining({
        row: 2,
        column: '开发商未售',
        code: 'unsold_requires_developer',
      }),
    ]);
  });

  it('reads defaults, yes/no spellings, co-owner separators, basements and phone prefixes', async () => {
    const { rows, errors } = await readCsv([
      unitCells({ 房号: '1', 类型: '', 业主类型: '', 开发商未售: '', 楼层: '' }),
      unitCells({ 房号: '2', 业主类型: '开发商', 开发商未售: 'Y', 楼层: 'B2' }),
      unitCells({ 房号: '3', 业主类型: 'developer', 开发商未售: '1', 楼层: '-1' }),
      unitCells({
        房号: '4',
        共有人: '李四、王五，赵六,钱七;孙八；周九/吴十 ',
        手机: '+86 138-0013-8000',
      }),
      unitCells({ 房号: '5', 共有人: '张三、李四、李四', 证件后四位: '123x', 手机: '' }),
    ]);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.kind, r.owner.kind, r.developerUnsold, r.floor])).toEqual([
      ['residence', 'person', false, null],
      ['residence', 'developer', true, -2],
      ['residence', 'developer', true, -1],
      ['residence', 'person', false, 12],
      ['residence', 'person', false, 12],
    ]);
    expect(rows[3]?.coOwners).toEqual(['李四', '王五', '赵六', '钱七', '孙八', '周九', '吴十']);
    expect(rows[3]?.owner.phone).toBe('13800138000');
    // The voting owner is not their own co-owner, and a name counts once.
    expect(rows[4]?.coOwners).toEqual(['李四']);
    expect(rows[4]?.owner.idLast4).toBe('123X');
  });

  it('trims ordinary and full-width spaces', async () => {
    const { rows } = await readCsv([
      unitCells({ 楼栋: '\u3000 3 ', 业主: ' 张三\u3000', 房号: '\t1201' }),
    ]);
    expect(rows[0]).toMatchObject({ building: '3', room: '1201', owner: { name: '张三' } });
  });
});

describe('readRoster file checks', () => {
  it('flags each later duplicate of a unit, naming the first row, however it is spelled', async () => {
    const { rows, errors } = await readCsv([
      unitCells({ 楼栋: '3', 单元: '2', 房号: '1201' }),
      unitCells({ 楼栋: '3', 单元: '2', 房号: '1202' }),
      unitCells({ 楼栋: '3号楼', 单元: '2单元', 房号: '1201室' }),
      unitCells({ 楼栋: '3', 单元: '02', 房号: '1201' }),
    ]);
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, '房号', 'duplicate_unit'],
      [5, '房号', 'duplicate_unit'],
    ]);
    expect(errors[0]?.message.zh).toContain('与第 2 行是同一套房屋');
    expect(errors[1]?.message.en).toContain('same unit as row 2');
  });

  it('flags one owner (name and mobile) given two different ID last-4s', async () => {
    const { rows, errors } = await readCsv([
      unitCells({ 房号: '101', 证件后四位: '1234' }),
      unitCells({ 房号: '102', 证件后四位: '' }),
      unitCells({ 房号: '103', 证件后四位: '5678' }),
      unitCells({ 房号: '104', 证件后四位: '5678', 手机: '13900139000' }),
      unitCells({ 房号: '105', 证件后四位: '5678', 业主: '李四' }),
    ]);
    expect(rows.map((r) => r.row)).toEqual([2, 3, 5, 6]);
    expect(errors).toEqual([
      expect.objectContaining({ row: 4, column: '证件后四位', code: 'owner_id_conflict' }),
    ]);
    expect(errors[0]?.message.zh).toContain('第 2 行');
  });

  it('refuses an empty file', async () => {
    expect(await readRoster(new Uint8Array(), 'csv')).toEqual({
      rows: [],
      errors: [expect.objectContaining({ row: 0, column: null, code: 'empty_file' })],
    });
    const blankLines = new TextEncoder().encode('\uFEFF\r\n,,,\r\n');
    expect((await readRoster(blankLines, 'csv')).errors.map((e) => e.code)).toEqual(['empty_file']);
  });

  it('refuses a file with only the header', async () => {
    const { errors } = await readCsv([]);
    expect(errors.map((e) => e.code)).toEqual(['no_data_rows']);
  });

  it('names every missing required column in one file-level error', async () => {
    const header = HEADER.filter((h) => h !== '面积' && h !== '面积依据');
    const rows = [header.map(() => 'x')];
    const { rows: read, errors } = await readCsv(rows, header);
    expect(read).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 1, column: null, code: 'missing_columns' });
    expect(errors[0]?.message.zh).toContain('「面积」、「面积依据」');
    expect(errors[0]?.message.en).toContain('面积 (area), 面积依据 (area basis)');
  });

  it('refuses a header naming a column twice', async () => {
    const { errors } = await readCsv([[...unitCells(), '1']], [...HEADER, 'area']);
    expect(errors).toEqual([
      expect.objectContaining({ row: 1, code: 'duplicate_column', value: 'area' }),
    ]);
  });

  it('accepts English headers in any order and ignores extra columns', async () => {
    const header = ['Owner', 'remark', 'Area Basis', 'AREA', 'room', 'building'];
    const { rows, errors } = await readCsv(
      [['李四', '备注', 'surveyed', '100.1', '0101', 'A座']],
      header,
    );
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      building: 'A座',
      entrance: '',
      room: '0101',
      area: '100.10',
      areaBasis: 'surveyed',
      owner: { name: '李四', kind: 'person', phone: null, idLast4: null },
    });
  });

  it('skips a title above the header and blank rows, keeping spreadsheet row numbers', async () => {
    const lines = [
      ['某某小区业主名册'],
      [''],
      HEADER,
      unitCells({ 房号: '101' }),
      [''],
      unitCells({ 房号: '102' }),
    ];
    const bytes = new TextEncoder().encode(lines.map((l) => l.join(',')).join('\n'));
    const { rows, errors } = await readRoster(bytes, 'csv');
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.room])).toEqual([
      [4, '101'],
      [6, '102'],
    ]);
  });

  it('stops with an error past maxRows and returns no rows', async () => {
    const units = Array.from({ length: 6 }, (_, i) => unitCells({ 房号: `${101 + i}` }));
    const { rows, errors } = await readRoster(csv(units), 'csv', { maxRows: 5 });
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ row: 7, code: 'too_many_rows' })]);
    expect((await readRoster(csv(units.slice(0, 5)), 'csv', { maxRows: 5 })).errors).toEqual([]);
  });

  it('reports progress every thousand rows and at the end', async () => {
    const units = Array.from({ length: 2_500 }, (_, i) => unitCells({ 房号: `${i}` }));
    const seen: number[] = [];
    await readRoster(csv(units), 'csv', { onProgress: ({ rowsRead }) => seen.push(rowsRead) });
    expect(seen).toEqual([1_000, 2_000, 2_500]);
  });

  it('turns an unreadable file into one error instead of throwing', async () => {
    const notZip = new TextEncoder().encode('楼栋,房号\n3,1201');
    const xlsxResult = await readRoster(notZip, 'xlsx');
    expect(xlsxResult.errors.map((e) => e.code)).toEqual(['unreadable_file']);
    const brokenQuote = new TextEncoder().encode(`${HEADER.join(',')}\n"3,2,1201\n`);
    const csvResult = await readRoster(brokenQuote, 'csv');
    expect(csvResult.errors.map((e) => e.code)).toEqual(['unreadable_file']);
  });
});

describe('readRoster faults that are not the file', () => {
  it('lets an exception from onProgress through instead of blaming the file', async () => {
    const units = Array.from({ length: 1_000 }, (_, i) => unitCells({ 房号: `${i}` }));
    const failing = readRoster(csv(units), 'csv', {
      onProgress: () => {
        throw new Error('progress sink closed');
      },
    });
    await expect(failing).rejects.toThrow('progress sink closed');
  });
});
