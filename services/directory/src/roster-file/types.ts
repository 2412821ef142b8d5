/** Use of a unit (类型). */
export type UnitKind = 'residence' | 'commercial' | 'parking' | 'other';

/** Where a unit's area comes from (面积依据); SPC interpretation art. 8 ranks them in this order. */
export type AreaBasis = 'registered' | 'surveyed' | 'contract';

/** Who owns a unit (业主类型). */
export type OwnerKind = 'person' | 'organisation' | 'developer';

/** One valid line of a roster file: one exclusive unit and the owner who votes for it. */
export interface RosterRow {
  /** 1-based spreadsheet row, counting the header, so row 2 is the first data row. */
  row: number;
  building: string;
  /** Entrance (单元); `''` when the estate has none. */
  entrance: string;
  room: string;
  /** Negative for basements; `null` when not given. */
  floor: number | null;
  kind: UnitKind;
  /** Square metres as a decimal string with exactly two decimals, e.g. `"89.50"`. */
  area: string;
  areaBasis: AreaBasis;
  /** For a co-owned unit, the co-owner who votes. */
  owner: {
    name: string;
    kind: OwnerKind;
    /** Mainland mobile, 11 digits, no prefix. */
    phone: string | null;
    /** Last four characters of the ID number (digits, or three digits and `X`). */
    idLast4: string | null;
  };
  /** The other co-owners' names, in file order, without the voting owner. */
  coOwners: string[];
  /** Unsold or sold-but-undelivered unit of the developer (all count as one head). */
  developerUnsold: boolean;
}

/**
 * A problem found in a roster file, worded for the committee member who has to fix it.
 * `row` is the spreadsheet row (header included); `0` means the file as a whole.
 */
export interface RowError {
  row: number;
  /** Chinese header of the column at fault, or `null` for the row or file as a whole. */
  column: string | null;
  /** Stable machine code, e.g. `area_invalid`, `duplicate_unit`, `missing_columns`. */
  code: string;
  message: { zh: string; en: string };
  /** The offending cell as read (never a full ID number). */
  value?: string;
}

/** The spreadsheet formats a roster can be read from and written to. */
export type RosterFormat = 'csv' | 'xlsx';
