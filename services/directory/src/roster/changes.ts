import type { AreaBasis, OwnerKind, UnitKind } from '../roster-file/index.ts';

/** A unit as people name it. */
export interface UnitLabel {
  building: string;
  entrance: string;
  room: string;
}

/** What an import may change about a unit. */
export interface UnitFields extends UnitLabel {
  floor: number | null;
  kind: UnitKind;
  area: string;
  areaBasis: AreaBasis;
}

export interface OwnerFields {
  name: string;
  kind: OwnerKind;
  phone: string | null;
  idLast4: string | null;
}

/** Who holds a unit, by name: the voting co-owner first. */
export interface HoldingView {
  names: string[];
  voter: string;
  developerUnsold: boolean;
}

/**
 * One change an import makes, as its preview lists it. `row` is the file row it comes from.
 * Units missing from the file are reported (`unit_absent`) and never deleted.
 */
export type ImportChange =
  | { kind: 'building_added'; row: number; building: string }
  | { kind: 'building_renamed'; row: number; buildingId: string; before: string; after: string }
  | { kind: 'unit_added'; row: number; unit: UnitFields }
  | {
      kind: 'unit_changed';
      row: number;
      unitId: string;
      unit: UnitLabel;
      before: Partial<UnitFields>;
      after: Partial<UnitFields>;
    }
  | { kind: 'owner_added'; row: number; owner: OwnerFields }
  | {
      kind: 'owner_changed';
      row: number;
      ownerId: string;
      name: string;
      before: Partial<OwnerFields>;
      after: Partial<OwnerFields>;
    }
  | {
      kind: 'ownership_changed';
      row: number;
      unitId: string | null;
      unit: UnitLabel;
      before: HoldingView | null;
      after: HoldingView;
    }
  | {
      kind: 'voter_changed';
      row: number;
      holderId: string;
      names: string[];
      before: string;
      after: string;
    }
  | { kind: 'unit_absent'; unitId: string; unit: UnitLabel };

/** How many of each change an import makes. */
export interface ImportSummary {
  rows: number;
  buildingsAdded: number;
  buildingsRenamed: number;
  unitsAdded: number;
  unitsChanged: number;
  unitsUnchanged: number;
  unitsAbsent: number;
  ownersAdded: number;
  ownersChanged: number;
  /** First holders of added units. */
  ownershipsAdded: number;
  /** Existing units whose holder or developer-unsold flag changes; past ownership is kept. */
  ownershipsChanged: number;
  votersChanged: number;
  /** Entries in the list of changes. */
  changes: number;
  /** Row errors; anything above 0 means the file cannot be applied. */
  errors: number;
}
