import { type Cell, cellText, fail, numberText, ok, type Parsed, quote } from './cell.ts';

const MOBILE = /^1[3-9]\d{9}$/;

/** Mainland mobile normalised to 11 digits; spaces, dashes and a +86 / 0086 prefix are dropped. */
export function phone(cell: Cell): Parsed<string | null> {
  const text = cellText(cell);
  if (text === '') return ok(null);
  const compact = text.normalize('NFKC').replace(/[\s\-.()]/gu, '');
  if (/^\d(\.\d+)?e\+?\d+$/iu.test(text)) {
    return fail(
      'phone_scientific',
      `${quote(text)} 被 Excel 显示成了科学计数法，号码已丢失；请把该列设为“文本”后重新填写`,
      `${quote(text)} was turned into scientific notation by Excel and the number is lost; format the column as text and re-enter it`,
      text,
    );
  }
  if (containsIdNumber(compact)) return ID_IN_TEXT;
  const digits = compact.replace(/^(\+86|0086|86)(?=1\d{10}$)/u, '');
  if (MOBILE.test(digits)) return ok(digits);
  return fail(
    'phone_invalid',
    `${quote(text)} 不是有效的 11 位大陆手机号`,
    `${quote(text)} is not a valid 11-digit mainland mobile number`,
    text,
  );
}

const LAST4 = /^\d{3}[\dX]$/;
const FULL_ID = /^(\d{17}[\dX]|\d{15})$/;
const ID_INSIDE = /(?<!\d)(\d{17}[\dXx]|\d{15})(?![\dXx])/u;

/** Refuses text with an ID number pasted into it ("张三 110105…"), without repeating it. */
export function withoutIdNumber(name: Parsed<string>): Parsed<string> {
  return name.ok && containsIdNumber(name.value) ? ID_IN_TEXT : name;
}

const containsIdNumber = (text: string) => ID_INSIDE.test(text.normalize('NFKC'));
const ID_IN_TEXT = fail(
  'id_full_number',
  '似乎包含完整证件号。系统不保存完整证件号，请删除，只在「证件后四位」列填写后四位',
  'seems to contain a full ID number. Full ID numbers are not kept: delete it and enter only the last four characters in 证件后四位 (ID last 4)',
  null,
);

/**
 * Last four characters of an ID number. A full ID number is refused, never trimmed silently:
 * the committee must see that the roster held data it should not keep.
 */
export function idLast4(cell: Cell): Parsed<string | null> {
  // Excel drops leading zeros of a number cell: 123 was typed as 0123.
  if (typeof cell === 'number' && Number.isInteger(cell) && cell >= 0 && cell < 1000) {
    return ok(numberText(cell).padStart(4, '0'));
  }
  const text = cellText(cell).normalize('NFKC').replace(/[\s-]/gu, '').toUpperCase();
  if (text === '') return ok(null);
  if (LAST4.test(text)) return ok(text);
  if (FULL_ID.test(text)) {
    const last4 = text.slice(-4);
    return fail(
      'id_full_number',
      `这里填写了完整证件号。系统只保留证件号后四位，请删除完整号码，只填写后四位（${last4}）`,
      `a full ID number was entered. Only the last four characters are kept: delete the full number and enter only ${last4}`,
      null,
    );
  }
  // Longer values may be partial ID numbers: they are not repeated back.
  const shown = text.length <= 4 ? text : null;
  return fail(
    'id_last4_invalid',
    `${shown === null ? `该值有 ${text.length} 个字符` : quote(shown)}，应为 4 位数字（或 3 位数字加 X）`,
    `${shown === null ? `the value has ${text.length} characters` : quote(shown)}; expected 4 digits (or 3 digits and X)`,
    shown,
  );
}

const CO_OWNER_SEPARATORS = /[、，,;；/／]/u;

/** Co-owners' names split on 、，,;；/ — without blanks, repeats, or the voting owner. */
export function coOwners(cell: Cell, owner: string, maxName: number): Parsed<string[]> {
  const text = cellText(cell);
  const names = text
    .split(CO_OWNER_SEPARATORS)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (containsIdNumber(text)) return ID_IN_TEXT;
  const tooLong = names.find((name) => [...name].length > maxName);
  if (tooLong !== undefined) {
    return fail(
      'too_long',
      `${quote(tooLong)} 超过 ${maxName} 个字；多个共有人请用顿号、逗号、分号或斜杠分隔`,
      `${quote(tooLong)} is longer than ${maxName} characters; separate co-owners with 、 , ; or /`,
      text,
    );
  }
  return ok([...new Set(names)].filter((name) => name !== owner));
}
