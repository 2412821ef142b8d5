/**
 * The owner roster: communities, buildings, units, owners, co-owner sets (holders) and
 * ownership history; roster imports (a dry run with a preview, then one transaction); export;
 * grids. Every change is recorded as a staff action and published through the outbox in the
 * transaction that makes it.
 *
 * Consumers that keep a projection of the roster need no snapshot call: the directory's stream
 * keeps every event, so a new durable consumer (`startConsumer`, which creates it with
 * `DeliverPolicy.All`) replays unitRecorded, ownerRecorded and ownershipChanged from the first
 * one and ends with the roster as it is (see roster-projection.int.test.ts).
 */
export { type ApplyImportInput, applyImport } from './apply-import.ts';
export type { ImportChange, ImportSummary } from './changes.ts';
export {
  type CommunitySettings,
  type CommunityView,
  createCommunity,
  getCommunity,
  listCommunities,
  updateCommunity,
} from './communities.ts';
export type { RosterCtx } from './context.ts';
export {
  contentDisposition,
  exportRoster,
  type RosterFile,
  rosterTemplate,
} from './export-roster.ts';
export { type GetImportInput, getImport, type ImportView } from './get-import.ts';
export { createGrid, type GridView, listGrids, updateGrid } from './grids.ts';
export { failInterruptedImports } from './import-state.ts';
export { type BuildingView, listBuildings } from './list-buildings.ts';
export { listOwners, type OwnerView } from './list-owners.ts';
export { getUnit, listUnits, type UnitDetail } from './list-units.ts';
export type { ImportProgress } from './progress.ts';
export { MAX_ROSTER_FILE_BYTES, type StartImportInput, startImport } from './start-import.ts';
export type { UnitView } from './views.ts';
