import { quote } from './cell.ts';
import { fieldError } from './messages.ts';
import type { RosterRow, RowError } from './types.ts';
import { unitKey } from './unit-key.ts';

/**
 * Checks across rows, fed one valid row at a time: a unit listed twice, and one owner (same
 * name and mobile) given two different ID last-4s. The first occurrence wins; each later one
 * gets an error naming the row it conflicts with.
 */
export class FileChecks {
  readonly #units = new Map<string, number>();
  readonly #owners = new Map<string, { row: number; idLast4: string }>();

  check(r: RosterRow): RowError[] {
    const errors: RowError[] = [];
    const key = unitKey(r);
    const firstRow = this.#units.get(key);
    if (firstRow === undefined) {
      this.#units.set(key, r.row);
    } else {
      const unit = describeUnit(r);
      errors.push(
        fieldError(r.row, 'room', {
          code: 'duplicate_unit',
          zh: `${unit.zh}与第 ${firstRow} 行是同一套房屋，重复出现`,
          en: `${unit.en} is the same unit as row ${firstRow}, listed twice`,
        }),
      );
    }

    const { name, phone, idLast4 } = r.owner;
    if (phone !== null && idLast4 !== null) {
      const ownerKey = `${name}\u0000${phone}`;
      const first = this.#owners.get(ownerKey);
      if (first === undefined) {
        this.#owners.set(ownerKey, { row: r.row, idLast4 });
      } else if (first.idLast4 !== idLast4) {
        errors.push(
          fieldError(r.row, 'idLast4', {
            code: 'owner_id_conflict',
            zh: `业主 ${quote(name)}（手机 ${phone}）在第 ${first.row} 行的证件后四位是 ${first.idLast4}，这里是 ${idLast4}；同一业主应当一致`,
            en: `owner ${quote(name)} (mobile ${phone}) has ID last 4 ${first.idLast4} in row ${first.row} but ${idLast4} here; one owner must have one ID`,
            shown: idLast4,
          }),
        );
      }
    }
    return errors;
  }
}

function describeUnit(r: Pick<RosterRow, 'building' | 'entrance' | 'room'>) {
  const entranceZh = r.entrance === '' ? '' : `单元 ${quote(r.entrance)} `;
  const entranceEn = r.entrance === '' ? '' : `, entrance ${quote(r.entrance)}`;
  return {
    zh: `楼栋 ${quote(r.building)} ${entranceZh}房号 ${quote(r.room)} `,
    en: `building ${quote(r.building)}${entranceEn}, room ${quote(r.room)}`,
  };
}
