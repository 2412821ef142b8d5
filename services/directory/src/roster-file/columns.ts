import type { AreaBasis, OwnerKind, UnitKind } from './types.ts';

/** Identifies a roster column independently of the header language. */
export type RosterColumnKey =
  | 'building'
  | 'entrance'
  | 'room'
  | 'floor'
  | 'kind'
  | 'area'
  | 'areaBasis'
  | 'owner'
  | 'ownerKind'
  | 'phone'
  | 'idLast4'
  | 'coOwners'
  | 'developerUnsold';

/** A roster column: its Chinese and English headers and what goes in it. */
export interface RosterColumn {
  key: RosterColumnKey;
  zh: string;
  en: string;
  required: boolean;
  help: { zh: string; en: string };
}

/** The columns of a roster file, in the order they are written. */
export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  {
    key: 'building',
    zh: '楼栋',
    en: 'building',
    required: true,
    help: { zh: '楼栋号，如“3”或“3号楼”。', en: 'Building, e.g. "3" or "3号楼".' },
  },
  {
    key: 'entrance',
    zh: '单元',
    en: 'entrance',
    required: false,
    help: {
      zh: '单元号；没有单元的可留空。',
      en: 'Entrance (单元); leave empty if there is none.',
    },
  },
  {
    key: 'room',
    zh: '房号',
    en: 'room',
    required: true,
    help: {
      zh: '房号，如“1201”；车位填车位号。',
      en: 'Room, e.g. "1201"; for parking, the space number.',
    },
  },
  {
    key: 'floor',
    zh: '楼层',
    en: 'floor',
    required: false,
    help: {
      zh: '整数，地下室填负数（如 -1），可留空。',
      en: 'Whole number, negative for basements (e.g. -1); optional.',
    },
  },
  {
    key: 'kind',
    zh: '类型',
    en: 'kind',
    required: false,
    help: {
      zh: '住宅、商业、车位或其他；留空按住宅。',
      en: '住宅 residence, 商业 commercial, 车位 parking or 其他 other; empty means residence.',
    },
  },
  {
    key: 'area',
    zh: '面积',
    en: 'area',
    required: true,
    help: {
      zh: '专有部分面积（平方米），最多两位小数，如 89.50。',
      en: 'Exclusive area in m², at most two decimals, e.g. 89.50.',
    },
  },
  {
    key: 'areaBasis',
    zh: '面积依据',
    en: 'area basis',
    required: true,
    help: {
      zh: '登记、实测或合同：有不动产登记面积的填登记；没有的按实测；尚未实测的按合同（最高法建筑物区分所有权解释第八条）。',
      en: '登记 registered, 实测 surveyed or 合同 contract: use the registered area if there is one, else the surveyed, else the contract area (SPC interpretation art. 8).',
    },
  },
  {
    key: 'owner',
    zh: '业主',
    en: 'owner',
    required: true,
    help: {
      zh: '业主姓名或单位名称；共有的房屋填负责投票的共有人。',
      en: 'Owner name; for a co-owned unit, the co-owner who votes.',
    },
  },
  {
    key: 'ownerKind',
    zh: '业主类型',
    en: 'owner kind',
    required: false,
    help: {
      zh: '个人、单位或开发商；留空按个人。',
      en: '个人 person, 单位 organisation or 开发商 developer; empty means person.',
    },
  },
  {
    key: 'phone',
    zh: '手机',
    en: 'mobile',
    required: false,
    help: {
      zh: '大陆 11 位手机号，可带空格、横线或 +86。',
      en: 'Mainland 11-digit mobile; spaces, dashes and +86 are accepted.',
    },
  },
  {
    key: 'idLast4',
    zh: '证件后四位',
    en: 'ID last 4',
    required: false,
    help: {
      zh: '身份证件号码的后四位（数字或数字加 X）。请勿填写完整证件号，系统只保留后四位。',
      en: 'Last four characters of the ID number (digits, or digits and X). Never the full number: only the last four are kept.',
    },
  },
  {
    key: 'coOwners',
    zh: '共有人',
    en: 'co-owners',
    required: false,
    help: {
      zh: '其他共有人姓名，用顿号、逗号、分号或斜杠分隔。',
      en: "Other co-owners' names, separated by 、 , ; or /.",
    },
  },
  {
    key: 'developerUnsold',
    zh: '开发商未售',
    en: 'developer unsold',
    required: false,
    help: {
      zh: '开发商未出售或已售未交付的房屋填“是”（业主类型须为开发商），否则填“否”或留空。',
      en: '是 (yes) for a unit the developer has not sold or not yet delivered (owner kind must be 开发商); otherwise 否 or empty.',
    },
  },
];

/** Chinese labels of enumerated values, as written to files. */
export const UNIT_KIND_ZH: Record<UnitKind, string> = {
  residence: '住宅',
  commercial: '商业',
  parking: '车位',
  other: '其他',
};
export const AREA_BASIS_ZH: Record<AreaBasis, string> = {
  registered: '登记',
  surveyed: '实测',
  contract: '合同',
};
export const OWNER_KIND_ZH: Record<OwnerKind, string> = {
  person: '个人',
  organisation: '单位',
  developer: '开发商',
};

/** Header spellings met in committees' own spreadsheets, beyond the Chinese and English headers. */
const HEADER_ALIASES: Partial<Record<RosterColumnKey, readonly string[]>> = {
  building: ['楼号', '楼栋号', '栋号', '幢号'],
  entrance: ['单元号'],
  room: ['房间号', '室号', '门牌号'],
  area: ['建筑面积', '专有面积', '面积㎡', '面积m2', '面积m²'],
  owner: ['业主姓名', '姓名', '业主名称'],
  phone: ['手机号', '手机号码', '联系电话', '电话', 'phone'],
  idLast4: ['身份证后四位', '证件号后四位'],
};

/** Lower-cases, drops spaces, `*` markers and a bracketed unit such as "（㎡）". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[(（][^)）]*[)）]\s*$/u, '')
    .replace(/[\s*_-]/gu, '')
    .toLowerCase();
}

const headerIndex = new Map<string, RosterColumn>();
for (const column of ROSTER_COLUMNS) {
  const names = [column.zh, column.en, column.key, ...(HEADER_ALIASES[column.key] ?? [])];
  for (const name of names) headerIndex.set(normaliseHeader(name), column);
}

/** The roster column a header cell names, if any. */
export function columnForHeader(header: string): RosterColumn | undefined {
  return headerIndex.get(normaliseHeader(header));
}

/** The column with this key (every key exists). */
export function column(key: RosterColumnKey): RosterColumn {
  return ROSTER_COLUMNS.find((c) => c.key === key)!;
}
