import { type Cell, cellText, fail, ok, type Parsed, quote } from './cell.ts';
import type { AreaBasis, OwnerKind, UnitKind } from './types.ts';

const REQUIRED = fail('required', '不能为空', 'must not be empty');

/** Required free text (building, room, owner name) of at most `max` characters. */
export function requiredText(cell: Cell, max: number): Parsed<string> {
  const text = cellText(cell);
  if (text === '') return REQUIRED;
  return lengthChecked(text, max);
}

/** Optional free text; `''` when empty. */
export function optionalText(cell: Cell, max: number): Parsed<string> {
  return lengthChecked(cellText(cell), max);
}

function lengthChecked(text: string, max: number): Parsed<string> {
  if ([...text].length <= max) return ok(text);
  return fail('too_long', `不能超过 ${max} 个字`, `must be at most ${max} characters`, text);
}

const AREA = /^(\d{1,8})(?:\.(\d{1,2}))?$/;

/** Square metres as a string with exactly two decimals: "89.5" and 89.5 both give "89.50". */
export function area(cell: Cell): Parsed<string> {
  if (typeof cell === 'number') return areaFromNumber(cell);
  const text = cellText(cell)
    .normalize('NFKC')
    .replace(/\s*(m2|平方米|平米)$/iu, '');
  if (text === '') return REQUIRED;
  if (/^[-−]/u.test(text)) return negativeArea(text);
  const match = AREA.exec(text);
  if (!match) return badArea(text);
  const [, whole = '0', fraction = ''] = match;
  return ok(`${BigInt(whole)}.${fraction.padEnd(2, '0')}`);
}

function areaFromNumber(n: number): Parsed<string> {
  const shown = String(n);
  if (!Number.isFinite(n) || n >= 1e8) return badArea(shown);
  if (n < 0) return negativeArea(shown);
  const cents = Math.round(n * 100);
  // Excel stores decimals in binary: 89.55 arrives as 89.549999999999997; the tolerance accepts
  // that while 89.555 (half a cent off) is still refused.
  if (Math.abs(n * 100 - cents) > 1e-6) return badArea(shown);
  return ok(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
}

const badArea = (shown: string) =>
  fail(
    'area_invalid',
    `${quote(shown)} 不是最多两位小数的数字`,
    `${quote(shown)} is not a number with at most two decimals`,
    shown,
  );
const negativeArea = (shown: string) =>
  fail(
    'area_negative',
    `${quote(shown)} 不能为负数`,
    `${quote(shown)} must not be negative`,
    shown,
  );

const FLOOR_MIN = -20;
const FLOOR_MAX = 200;

/** Floor number; basements are negative ("-1", "B1", "负1", "地下1层" all give -1). */
export function floor(cell: Cell): Parsed<number | null> {
  if (typeof cell === 'number') return floorInRange(cell, String(cell));
  const text = cellText(cell);
  if (text === '') return ok(null);
  const normalised = text
    .normalize('NFKC')
    .replace(/\u2212/gu, '-')
    .replace(/\s/gu, '')
    .replace(/(层|楼|F)$/iu, '')
    .replace(/^(B|负|地下)(?=\d)/iu, '-');
  if (!/^[-+]?\d{1,4}$/u.test(normalised)) {
    return fail(
      'floor_invalid',
      `${quote(text)} 不是整数楼层（地下室用负数，如 -1）`,
      `${quote(text)} is not a whole floor number (basements are negative, e.g. -1)`,
      text,
    );
  }
  return floorInRange(Number(normalised), text);
}

function floorInRange(n: number, shown: string): Parsed<number> {
  if (!Number.isInteger(n)) {
    return fail(
      'floor_invalid',
      `${quote(shown)} 不是整数楼层`,
      `${quote(shown)} is not a whole floor number`,
      shown,
    );
  }
  if (n < FLOOR_MIN || n > FLOOR_MAX) {
    return fail(
      'floor_out_of_range',
      `${quote(shown)} 超出 ${FLOOR_MIN} 到 ${FLOOR_MAX} 的范围`,
      `${quote(shown)} is outside ${FLOOR_MIN} to ${FLOOR_MAX}`,
      shown,
    );
  }
  return ok(n);
}

/** Reads one of a fixed set of values, by Chinese label, English name or a known alias. */
function choice<T extends string>(
  accepted: Record<string, T>,
  fallback: T | null,
  listZh: string,
  listEn: string,
  code: string,
) {
  return (cell: Cell): Parsed<T> => {
    const text = cellText(cell);
    if (text === '') return fallback === null ? REQUIRED : ok(fallback);
    const value = accepted[text.normalize('NFKC').replace(/\s/gu, '').toLowerCase()];
    if (value !== undefined) return ok(value);
    return fail(
      code,
      `${quote(text)} 不是可用的值，请填写${listZh}`,
      `${quote(text)} is not accepted; use ${listEn}`,
      text,
    );
  };
}

export const unitKind = choice<UnitKind>(
  {
    住宅: 'residence',
    住房: 'residence',
    residence: 'residence',
    residential: 'residence',
    商业: 'commercial',
    商铺: 'commercial',
    商用: 'commercial',
    commercial: 'commercial',
    车位: 'parking',
    车库: 'parking',
    parking: 'parking',
    其他: 'other',
    其它: 'other',
    other: 'other',
  },
  'residence',
  '住宅、商业、车位或其他',
  '住宅 (residence), 商业 (commercial), 车位 (parking) or 其他 (other)',
  'kind_invalid',
);

export const areaBasis = choice<AreaBasis>(
  {
    登记: 'registered',
    登记面积: 'registered',
    产权登记: 'registered',
    不动产登记: 'registered',
    registered: 'registered',
    实测: 'surveyed',
    实测面积: 'surveyed',
    surveyed: 'surveyed',
    合同: 'contract',
    合同面积: 'contract',
    contract: 'contract',
  },
  null,
  '登记、实测或合同',
  '登记 (registered), 实测 (surveyed) or 合同 (contract)',
  'area_basis_invalid',
);

export const ownerKind = choice<OwnerKind>(
  {
    个人: 'person',
    person: 'person',
    单位: 'organisation',
    organisation: 'organisation',
    organization: 'organisation',
    开发商: 'developer',
    建设单位: 'developer',
    developer: 'developer',
  },
  'person',
  '个人、单位或开发商',
  '个人 (person), 单位 (organisation) or 开发商 (developer)',
  'owner_kind_invalid',
);

const YES_NO: Record<string, boolean> = {
  是: true,
  否: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  '1': true,
  '0': false,
  true: true,
  false: false,
};

/** 是/否, yes/no, Y/N, 1/0 or an Excel boolean; empty means no. */
export function yesNo(cell: Cell): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  const text = cellText(cell);
  if (text === '') return ok(false);
  const value = YES_NO[text.normalize('NFKC').toLowerCase()];
  if (value !== undefined) return ok(value);
  return fail(
    'yes_no_invalid',
    `${quote(text)} 不是可用的值，请填写“是”或“否”`,
    `${quote(text)} is not accepted; use 是 (yes) or 否 (no)`,
    text,
  );
}
