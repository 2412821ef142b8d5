import { quote } from '../roster-file/cell.ts';
import type { RosterRow, RowError } from '../roster-file/index.ts';
import { fieldError } from '../roster-file/messages.ts';
import type { OwnerFields } from './changes.ts';
import { ownerMatchKey } from './keys.ts';
import type { RosterIndex } from './roster-index.ts';

export interface OwnerSpec extends OwnerFields {
  matchKey: string;
}

/** The owner of each match key as the file's voting rows describe them, and their conflicts. */
export function voterSpecs(rows: readonly RosterRow[]) {
  const specs = new Map<string, { spec: OwnerSpec; row: number }>();
  const errors: RowError[] = [];
  for (const r of rows) {
    const matchKey = ownerMatchKey(r.owner);
    const first = specs.get(matchKey);
    if (first === undefined) {
      specs.set(matchKey, { spec: { ...r.owner, matchKey }, row: r.row });
      continue;
    }
    const { spec } = first;
    if (spec.kind !== r.owner.kind) {
      errors.push(
        fieldError(r.row, 'ownerKind', {
          code: 'owner_kind_conflict',
          zh: `业主 ${quote(spec.name)} 在第 ${first.row} 行和这里的业主类型不同；同一业主（同名${spec.phone ? '同手机' : '且都没有手机号'}）只能有一种类型`,
          en: `owner ${quote(spec.name)} has a different owner kind in row ${first.row}; one owner (same name${spec.phone ? ' and mobile' : ', no mobile'}) has one kind`,
        }),
      );
    } else if (
      r.owner.idLast4 !== null &&
      spec.idLast4 !== null &&
      spec.idLast4 !== r.owner.idLast4
    ) {
      errors.push(
        fieldError(r.row, 'idLast4', {
          code: 'owner_id_conflict',
          zh: `第 ${first.row} 行也有名为 ${quote(spec.name)} 且没有手机号的业主，证件后四位却不同；如果是两个人，请填写手机号加以区分`,
          en: `row ${first.row} also has an owner named ${quote(spec.name)} without a mobile but with other ID last 4; if they are two people, add their mobiles to tell them apart`,
          shown: r.owner.idLast4,
        }),
      );
    } else if (spec.idLast4 === null && r.owner.idLast4 !== null) {
      spec.idLast4 = r.owner.idLast4;
    }
  }
  return { specs, errors };
}

/**
 * Finds the owner a co-owner's name (the file gives co-owners by name only) refers to, in this
 * order: a member of the unit's current holder with that name (so that re-importing an export
 * changes nothing), the only voting owner of that name in the file, the only owner of that name
 * in the roster, else the owner known by the name alone.
 */
export function coOwnerResolver(index: RosterIndex, votersByName: Map<string, Set<string>>) {
  return (name: string, unitId: string | undefined): string => {
    const ownership = unitId === undefined ? undefined : index.ownershipByUnit.get(unitId);
    const holder = ownership && index.holdersById.get(ownership.holderId);
    for (const id of holder?.memberIds ?? []) {
      const member = index.ownersById.get(id);
      if (member?.name === name) return member.matchKey;
    }
    const voters = votersByName.get(name);
    if (voters?.size === 1) return [...voters][0]!;
    const known = index.ownersByName.get(name);
    if (known?.length === 1) return known[0]!.matchKey;
    return ownerMatchKey({ name, phone: null });
  };
}
