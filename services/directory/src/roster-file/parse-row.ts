import type { Cell, Parsed } from './cell.ts';
import type { RosterColumnKey } from './columns.ts';
import * as field from './fields.ts';
import { fieldError } from './messages.ts';
import * as ownerField from './owner-fields.ts';
import type { RosterRow, RowError } from './types.ts';

/** The cells of one data row, by column. */
export type RowCells = Partial<Record<RosterColumnKey, Cell>>;

const MAX_CODE = 32;
const MAX_NAME = 100;

/** Reads one data row; every field is checked, so one row may give several errors. */
export function parseRow(
  row: number,
  cells: RowCells,
): { row: RosterRow; errors: [] } | { row: null; errors: RowError[] } {
  const errors: RowError[] = [];
  function take<T>(key: RosterColumnKey, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    errors.push(fieldError(row, key, parsed.failure));
    return undefined;
  }
  const cell = (key: RosterColumnKey): Cell => cells[key] ?? null;

  const building = take('building', field.requiredText(cell('building'), MAX_CODE));
  const entrance = take('entrance', field.optionalText(cell('entrance'), MAX_CODE));
  const room = take('room', field.requiredText(cell('room'), MAX_CODE));
  const floor = take('floor', field.floor(cell('floor')));
  const kind = take('kind', field.unitKind(cell('kind')));
  const area = take('area', field.area(cell('area')));
  const areaBasis = take('areaBasis', field.areaBasis(cell('areaBasis')));
  const name = take(
    'owner',
    ownerField.withoutIdNumber(field.requiredText(cell('owner'), MAX_NAME)),
  );
  const ownerKind = take('ownerKind', field.ownerKind(cell('ownerKind')));
  const phone = take('phone', ownerField.phone(cell('phone')));
  const idLast4 = take('idLast4', ownerField.idLast4(cell('idLast4')));
  const coOwners = take('coOwners', ownerField.coOwners(cell('coOwners'), name ?? '', MAX_NAME));
  const developerUnsold = take('developerUnsold', field.yesNo(cell('developerUnsold')));

  // Unsold units are the developer's own: they merge into one head (SPC interpretation art. 9).
  if (developerUnsold === true && ownerKind !== undefined && ownerKind !== 'developer') {
    errors.push(
      fieldError(row, 'developerUnsold', {
        code: 'unsold_requires_developer',
        zh: '标为开发商未售的房屋，业主类型必须是“开发商”',
        en: 'a unit marked as developer-unsold must have owner kind 开发商 (developer)',
      }),
    );
  }

  if (
    errors.length > 0 ||
    building === undefined ||
    entrance === undefined ||
    room === undefined ||
    floor === undefined ||
    kind === undefined ||
    area === undefined ||
    areaBasis === undefined ||
    name === undefined ||
    ownerKind === undefined ||
    phone === undefined ||
    idLast4 === undefined ||
    coOwners === undefined ||
    developerUnsold === undefined
  ) {
    return { row: null, errors };
  }
  return {
    row: {
      row,
      building,
      entrance,
      room,
      floor,
      kind,
      area,
      areaBasis,
      owner: { name, kind: ownerKind, phone, idLast4 },
      coOwners,
      developerUnsold,
    },
    errors: [],
  };
}
