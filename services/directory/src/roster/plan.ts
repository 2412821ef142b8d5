import { type RosterRow, type RowError, unitKey } from '../roster-file/index.ts';
import { fieldError } from '../roster-file/messages.ts';
import type {
  HoldingView,
  ImportChange,
  ImportSummary,
  OwnerFields,
  UnitFields,
  UnitLabel,
} from './changes.ts';
import type { CurrentRoster } from './current-roster.ts';
import { buildingKey, holderKey, ownerMatchKey } from './keys.ts';
import { coOwnerResolver, type OwnerSpec, voterSpecs } from './plan-owners.ts';
import { RosterIndex } from './roster-index.ts';

export interface PlannedBuilding {
  key: string;
  name: string;
  existingId: string | null;
  renamed: boolean;
}

export interface PlannedOwner {
  spec: OwnerSpec;
  existingId: string | null;
  write: 'insert' | 'update' | null;
}

export interface PlannedUnit {
  row: number;
  buildingKey: string;
  existingId: string | null;
  fields: UnitFields;
  write: 'insert' | 'update' | null;
  /** The fields that change, for an existing unit. */
  diff: { before: Partial<UnitFields>; after: Partial<UnitFields> } | null;
  /** Member owners by match key, sorted; the voter among them. */
  memberKeys: string[];
  voterKey: string;
  developerUnsold: boolean;
  /** A new ownership is opened (and the current one closed). */
  holdingChanged: boolean;
  previousHolderId: string | null;
}

/** Everything an import writes, in match keys (ids of new records are made when applying). */
export interface ImportPlan {
  buildings: PlannedBuilding[];
  owners: PlannedOwner[];
  units: PlannedUnit[];
  /** Existing co-owner sets whose voting co-owner changes. */
  voterChanges: { holderId: string; voterKey: string }[];
}

export interface PlanResult {
  plan: ImportPlan;
  changes: ImportChange[];
  /** Conflicts between rows the file reader cannot see (it does not know the roster's rules). */
  errors: RowError[];
  summary: Omit<ImportSummary, 'errors'>;
}

const SET = '\u001e';

/**
 * Compares the valid rows of a roster file with the current roster: what to add, change and
 * transfer. Pure: the same roster and rows always give the same plan and the same list of
 * changes, which is how applying detects a roster that changed since the preview.
 */
export function planImport(current: CurrentRoster, rows: readonly RosterRow[]): PlanResult {
  const index = new RosterIndex(current);
  const { specs, errors } = voterSpecs(rows);
  const votersByName = new Map<string, Set<string>>();
  for (const { spec } of specs.values()) {
    const keys = votersByName.get(spec.name) ?? new Set();
    keys.add(spec.matchKey);
    votersByName.set(spec.name, keys);
  }
  const resolveCoOwner = coOwnerResolver(index, votersByName);

  const buildings = new Map<string, PlannedBuilding & { row: number }>();
  const owners = new Map<string, PlannedOwner & { row: number }>();
  const units: PlannedUnit[] = [];
  const sets = new Map<string, { voterKey: string; row: number }>();
  const seen = new Set<string>();

  const needOwner = (matchKey: string, row: number, name: string) => {
    if (owners.has(matchKey)) return;
    const existing = index.ownersByKey.get(matchKey);
    const voter = specs.get(matchKey)?.spec;
    if (existing && !voter) {
      owners.set(matchKey, { spec: { ...existing }, existingId: existing.id, write: null, row });
      return;
    }
    const spec = voter ?? { name, kind: 'person', phone: null, idLast4: null, matchKey };
    const changed = existing && (existing.kind !== spec.kind || existing.idLast4 !== spec.idLast4);
    owners.set(matchKey, {
      spec,
      existingId: existing?.id ?? null,
      write: existing ? (changed ? 'update' : null) : 'insert',
      row,
    });
  };

  for (const r of rows) {
    const bKey = buildingKey(r.building);
    if (!buildings.has(bKey)) {
      const existing = index.buildingsByKey.get(bKey);
      buildings.set(bKey, {
        key: bKey,
        name: r.building,
        existingId: existing?.id ?? null,
        renamed: existing !== undefined && existing.name !== r.building,
        row: r.row,
      });
    }
    const uKey = unitKey(r);
    seen.add(uKey);
    const existing = index.unitsByKey.get(uKey);
    const fields: UnitFields = {
      building: buildings.get(bKey)!.name,
      entrance: r.entrance,
      room: r.room,
      floor: r.floor,
      kind: r.kind,
      area: r.area,
      areaBasis: r.areaBasis,
    };

    const voterKey = ownerMatchKey(r.owner);
    needOwner(voterKey, r.row, r.owner.name);
    const coKeys = r.coOwners.map((name) => {
      const key = resolveCoOwner(name, existing?.id);
      needOwner(key, r.row, name);
      return key;
    });
    const memberKeys = [...new Set([voterKey, ...coKeys])].sort();
    const set = memberKeys.join(SET);
    const firstOfSet = sets.get(set);
    if (firstOfSet === undefined) sets.set(set, { voterKey, row: r.row });
    else if (firstOfSet.voterKey !== voterKey) errors.push(voterConflict(r, firstOfSet.row));

    const ownership = existing && index.ownershipByUnit.get(existing.id);
    const holder = ownership && index.holdersById.get(ownership.holderId);
    const currentSet = holder?.memberIds
      .map((id) => index.ownersById.get(id)?.matchKey ?? id)
      .sort()
      .join(SET);
    const diff = existing ? unitDiff(index, existing, fields) : null;
    units.push({
      row: r.row,
      buildingKey: bKey,
      existingId: existing?.id ?? null,
      fields,
      write: existing ? (diff ? 'update' : null) : 'insert',
      diff,
      memberKeys,
      voterKey,
      developerUnsold: r.developerUnsold,
      holdingChanged:
        !ownership || currentSet !== set || ownership.developerUnsold !== r.developerUnsold,
      previousHolderId: ownership?.holderId ?? null,
    });
  }

  const voterChanges: (ImportPlan['voterChanges'][number] & { row: number })[] = [];
  for (const [set, { voterKey, row }] of sets) {
    const ids = set.split(SET).map((key) => index.ownersByKey.get(key)?.id);
    if (ids.some((id) => id === undefined)) continue;
    const holder = index.holdersByKey.get(holderKey(ids as string[]));
    if (holder && index.ownersById.get(holder.voterId)?.matchKey !== voterKey) {
      voterChanges.push({ holderId: holder.id, voterKey, row });
    }
  }

  const plan: ImportPlan = {
    buildings: [...buildings.values()],
    owners: [...owners.values()],
    units,
    voterChanges,
  };
  const absent = current.units.filter((u) => !seen.has(index.unitKeyOf(u)));
  return { plan, errors, ...describe(index, plan, owners, voterChanges, absent, rows.length) };
}

function voterConflict(r: RosterRow, firstRow: number): RowError {
  return fieldError(r.row, 'owner', {
    code: 'voter_conflict',
    zh: `这套房屋的共有人与第 ${firstRow} 行相同，但投票的共有人不同；同一组共有人只能推选一人投票`,
    en: `the co-owners are the same as in row ${firstRow} but the voting co-owner differs; one set of co-owners chooses one of them to vote`,
    shown: r.owner.name,
  });
}
const UNIT_FIELDS = ['building', 'entrance', 'room', 'floor', 'kind', 'area', 'areaBasis'] as const;

function unitDiff(
  index: RosterIndex,
  unit: RosterIndex['roster']['units'][number],
  after: UnitFields,
) {
  const before: UnitFields = { ...unit, building: index.buildingName(unit) };
  const changed = UNIT_FIELDS.filter((f) => before[f] !== after[f]);
  if (changed.length === 0) return null;
  const pick = (fields: UnitFields) =>
    Object.fromEntries(changed.map((f) => [f, fields[f]])) as Partial<UnitFields>;
  return { before: pick(before), after: pick(after) };
}

const label = (f: UnitLabel): UnitLabel => ({
  building: f.building,
  entrance: f.entrance,
  room: f.room,
});

/** The list of changes, grouped by kind in file order, and their counts. */
function describe(
  index: RosterIndex,
  plan: ImportPlan,
  owners: Map<string, PlannedOwner & { row: number }>,
  voterChanges: (ImportPlan['voterChanges'][number] & { row: number })[],
  absent: RosterIndex['roster']['units'],
  rowCount: number,
): Pick<PlanResult, 'changes' | 'summary'> {
  const changes: ImportChange[] = [];
  for (const b of plan.buildings as (PlannedBuilding & { row: number })[]) {
    if (b.existingId === null)
      changes.push({ kind: 'building_added', row: b.row, building: b.name });
    else if (b.renamed) {
      const before = index.buildingsById.get(b.existingId)?.name ?? '';
      changes.push({
        kind: 'building_renamed',
        row: b.row,
        buildingId: b.existingId,
        before,
        after: b.name,
      });
    }
  }
  let unitsChanged = 0;
  for (const u of plan.units) {
    if (u.write === 'insert') changes.push({ kind: 'unit_added', row: u.row, unit: u.fields });
    if (u.existingId === null || u.diff === null) continue;
    unitsChanged++;
    changes.push({
      kind: 'unit_changed',
      row: u.row,
      unitId: u.existingId,
      unit: label(u.fields),
      ...u.diff,
    });
  }
  for (const o of owners.values()) {
    if (o.write === 'insert')
      changes.push({ kind: 'owner_added', row: o.row, owner: ownerFields(o.spec) });
    if (o.write !== 'update' || o.existingId === null) continue;
    const before = index.ownersById.get(o.existingId)!;
    const fields = (['kind', 'idLast4'] as const).filter((f) => before[f] !== o.spec[f]);
    const pick = (x: OwnerFields) => Object.fromEntries(fields.map((f) => [f, x[f]]));
    changes.push({
      kind: 'owner_changed',
      row: o.row,
      ownerId: o.existingId,
      name: o.spec.name,
      before: pick(before),
      after: pick(o.spec),
    });
  }
  const nameOf = (key: string) => owners.get(key)?.spec.name ?? key;
  const holdingAfter = (
    memberKeys: string[],
    voterKey: string,
    developerUnsold: boolean,
  ): HoldingView => ({
    names: [voterKey, ...memberKeys.filter((k) => k !== voterKey)].map(nameOf),
    voter: nameOf(voterKey),
    developerUnsold,
  });
  let ownershipsAdded = 0;
  for (const u of plan.units) {
    if (!u.holdingChanged) continue;
    if (u.existingId === null) ownershipsAdded++;
    changes.push({
      kind: 'ownership_changed',
      row: u.row,
      unitId: u.existingId,
      unit: label(u.fields),
      before: u.existingId === null ? null : holdingBefore(index, u.existingId),
      after: holdingAfter(u.memberKeys, u.voterKey, u.developerUnsold),
    });
  }
  for (const v of voterChanges) {
    const holder = index.holdersById.get(v.holderId)!;
    const members = index.membersOf(holder);
    changes.push({
      kind: 'voter_changed',
      row: v.row,
      holderId: v.holderId,
      names: members.map((m) => m.name),
      before: members[0]?.name ?? '',
      after: nameOf(v.voterKey),
    });
  }
  for (const u of absent) {
    changes.push({
      kind: 'unit_absent',
      unitId: u.id,
      unit: { building: index.buildingName(u), entrance: u.entrance, room: u.room },
    });
  }
  const count = (kind: ImportChange['kind']) => changes.filter((c) => c.kind === kind).length;
  const unitsAdded = count('unit_added');
  return {
    changes,
    summary: {
      rows: rowCount,
      buildingsAdded: count('building_added'),
      buildingsRenamed: count('building_renamed'),
      unitsAdded,
      unitsChanged,
      unitsUnchanged: plan.units.length - unitsAdded - unitsChanged,
      unitsAbsent: absent.length,
      ownersAdded: count('owner_added'),
      ownersChanged: count('owner_changed'),
      ownershipsAdded,
      ownershipsChanged: count('ownership_changed') - ownershipsAdded,
      votersChanged: voterChanges.length,
      changes: changes.length,
    },
  };
}

function holdingBefore(index: RosterIndex, unitId: string): HoldingView | null {
  const ownership = index.ownershipByUnit.get(unitId);
  const holder = ownership && index.holdersById.get(ownership.holderId);
  if (!ownership || !holder) return null;
  const members = index.membersOf(holder);
  return {
    names: members.map((m) => m.name),
    voter: members[0]?.name ?? '',
    developerUnsold: ownership.developerUnsold,
  };
}

const ownerFields = ({ name, kind, phone, idLast4 }: OwnerSpec): OwnerFields => ({
  name,
  kind,
  phone,
  idLast4,
});
