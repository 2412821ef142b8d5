import { unitKey } from '../roster-file/index.ts';
import type {
  CurrentBuilding,
  CurrentHolder,
  CurrentOwner,
  CurrentOwnership,
  CurrentRoster,
  CurrentUnit,
} from './current-roster.ts';
import { buildingKey } from './keys.ts';

/** The current roster looked up by the identities an import matches on. */
export class RosterIndex {
  readonly buildingsById = new Map<string, CurrentBuilding>();
  readonly buildingsByKey = new Map<string, CurrentBuilding>();
  readonly unitsByKey = new Map<string, CurrentUnit>();
  readonly ownersById = new Map<string, CurrentOwner>();
  readonly ownersByKey = new Map<string, CurrentOwner>();
  readonly ownersByName = new Map<string, CurrentOwner[]>();
  readonly holdersById = new Map<string, CurrentHolder>();
  readonly holdersByKey = new Map<string, CurrentHolder>();
  readonly ownershipByUnit = new Map<string, CurrentOwnership>();

  constructor(readonly roster: CurrentRoster) {
    for (const b of roster.buildings) {
      this.buildingsById.set(b.id, b);
      this.buildingsByKey.set(buildingKey(b.name), b);
    }
    for (const u of roster.units) this.unitsByKey.set(this.unitKeyOf(u), u);
    for (const o of roster.owners) {
      this.ownersById.set(o.id, o);
      this.ownersByKey.set(o.matchKey, o);
      const named = this.ownersByName.get(o.name) ?? [];
      named.push(o);
      this.ownersByName.set(o.name, named);
    }
    for (const h of roster.holders) {
      this.holdersById.set(h.id, h);
      this.holdersByKey.set(h.key, h);
    }
    for (const o of roster.ownerships) this.ownershipByUnit.set(o.unitId, o);
  }

  buildingName(unit: CurrentUnit): string {
    return this.buildingsById.get(unit.buildingId)?.name ?? '';
  }

  unitKeyOf(unit: CurrentUnit): string {
    return unitKey({ building: this.buildingName(unit), entrance: unit.entrance, room: unit.room });
  }

  /** The members of a holder, the voter first, then the others by name. */
  membersOf(holder: CurrentHolder): CurrentOwner[] {
    const voter = this.ownersById.get(holder.voterId);
    const others = holder.memberIds
      .filter((id) => id !== holder.voterId)
      .map((id) => this.ownersById.get(id))
      .filter((o): o is CurrentOwner => o !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    return voter ? [voter, ...others] : others;
  }
}
