import type ExcelJS from 'exceljs';
import { ROSTER_COLUMNS } from './columns.ts';
import type { UnitRow } from './row-values.ts';
import { writeWorkbook } from './write-xlsx.ts';

const EXAMPLES: UnitRow[] = [
  {
    building: '1',
    entrance: '1',
    room: '101',
    floor: 1,
    kind: 'residence',
    area: '89.50',
    areaBasis: 'registered',
    owner: { name: '张三', kind: 'person', phone: '13800138000', idLast4: '123X' },
    coOwners: ['李四'],
    developerUnsold: false,
  },
  {
    building: '1',
    entrance: '2',
    room: '1201',
    floor: 12,
    kind: 'residence',
    area: '120.00',
    areaBasis: 'surveyed',
    owner: { name: '王五', kind: 'person', phone: null, idLast4: null },
    coOwners: [],
    developerUnsold: false,
  },
  {
    building: '地下车库',
    entrance: '',
    room: 'B1-008',
    floor: -1,
    kind: 'parking',
    area: '12.50',
    areaBasis: 'contract',
    owner: { name: '某某置业有限公司', kind: 'developer', phone: null, idLast4: null },
    coOwners: [],
    developerUnsold: true,
  },
];

const NOTES: readonly { zh: string; en: string }[] = [
  {
    zh: '每行一套房屋（住宅、商铺或车位）。第一行是表头，列的顺序可以调整，多余的列会被忽略。',
    en: 'One unit (flat, shop or parking space) per row. Row 1 holds the headers; columns may be in any order and extra columns are ignored.',
  },
  {
    zh: '同一业主有多套房屋时，每套各占一行，姓名和手机号保持一致。',
    en: 'An owner with several units has one row per unit, with the same name and mobile.',
  },
  {
    zh: '示例行仅供参考，导入前请删除。',
    en: 'Delete the example rows before importing.',
  },
];

function addInstructions(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const sheet = workbook.addWorksheet('说明');
  sheet.columns = [{ width: 14 }, { width: 8 }, { width: 60 }, { width: 60 }];
  const header = sheet.addRow(['列名', '必填', '说明', 'Explanation']);
  header.font = { bold: true };
  header.commit();
  for (const c of ROSTER_COLUMNS) {
    const row = sheet.addRow([
      `${c.zh}（${c.en}）`,
      c.required ? '是' : '否',
      c.help.zh,
      c.help.en,
    ]);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  sheet.addRow([]).commit();
  for (const note of NOTES) {
    const row = sheet.addRow(['', '', note.zh, note.en]);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  sheet.commit();
}

/**
 * An empty roster for committees to fill in: the headers, three example rows (a co-owned flat,
 * a flat without mobile, a developer's unsold parking space in the basement) and a second
 * sheet "说明" explaining each column in Chinese and English. It reads back without errors.
 */
export function rosterTemplateXlsx(): Promise<Uint8Array> {
  return writeWorkbook(EXAMPLES, [addInstructions]);
}
