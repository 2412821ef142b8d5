import {
  type Figures,
  parseArea,
  type Ratio,
  type TallyPolicy,
  type TallyResult,
  type TallyUnit,
  type Threshold,
  tally,
} from '@yishi/domain';
import type { VoteChoice } from '../db/schema/index.ts';

/** What progress needs of a ballot's electorate snapshot and matters; fixed once it opens. */
export interface ProgressSnapshot {
  ballotId: string;
  communityId: string;
  policy: TallyPolicy;
  matters: { id: string; item: number; title: string }[];
  units: {
    unitId: string;
    holderKey: string;
    buildingId: string;
    building: string;
    area: string;
    developerUnsold: boolean;
  }[];
}

export interface StoredChoice {
  matterId: string;
  holderKey: string;
  choice: VoteChoice;
}

/** tally's figures for one group of owners: the whole electorate or one building. */
export interface ProgressFigures {
  total: Figures;
  participating: Figures;
  agree: Figures;
  quorum: {
    met: boolean;
    areaMet: boolean;
    headcountMet: boolean;
    area: Ratio;
    headcount: Ratio;
    /** What is still needed to reach two thirds, zero when met. */
    shortfall: Figures;
  };
  approval: TallyResult['approval'];
}

export interface BuildingProgress extends ProgressFigures {
  buildingId: string;
  building: string;
}

export interface MatterProgress extends ProgressFigures {
  matterId: string;
  item: number;
  title: string;
  threshold: Threshold;
  /** Sorted by shortfall, furthest from two thirds first (see {@link byShortfall}). */
  buildings: BuildingProgress[];
}

function figuresOf(r: TallyResult): ProgressFigures {
  return {
    total: { area: r.totalArea, headcount: r.totalHeadcount },
    participating: { area: r.participatingArea, headcount: r.participatingHeadcount },
    agree: { area: r.agreeArea, headcount: r.agreeHeadcount },
    quorum: {
      met: r.quorum.met,
      areaMet: r.quorum.areaMet,
      headcountMet: r.quorum.headcountMet,
      area: r.quorum.area,
      headcount: r.quorum.headcount,
      shortfall: r.quorum.shortfall,
    },
    approval: r.approval,
  };
}

/**
 * Door-to-door work counts people: the building missing the most owners comes first, then the
 * most area, then the building's name (stable order between refreshes).
 */
export function byShortfall(a: BuildingProgress, b: BuildingProgress): number {
  const heads = b.quorum.shortfall.headcount - a.quorum.shortfall.headcount;
  if (heads !== 0) return heads;
  const area = parseArea(b.quorum.shortfall.area) - parseArea(a.quorum.shortfall.area);
  if (area !== 0n) return area > 0n ? 1 : -1;
  return a.building.localeCompare(b.building, 'zh-CN', { numeric: true });
}

/**
 * Progress of every matter, computed by the domain's `tally` exactly as the certified result will
 * be (an owner's choice applies to each of their units, RULES.md §3), and per building: the
 * building's own owners against two thirds of the building. An owner with units in two buildings
 * is one head in each building's figures, and one head in the estate's.
 */
export function computeProgress(
  snapshot: ProgressSnapshot,
  stored: readonly StoredChoice[],
): MatterProgress[] {
  const tallyUnits: (TallyUnit & { buildingId: string; building: string })[] = snapshot.units.map(
    (u) => ({
      unit: u.unitId,
      owner: u.holderKey,
      area: u.area,
      developerUnsold: u.developerUnsold,
      buildingId: u.buildingId,
      building: u.building,
    }),
  );
  const byBuilding = new Map<string, typeof tallyUnits>();
  for (const u of tallyUnits) {
    const list = byBuilding.get(u.buildingId) ?? [];
    list.push(u);
    byBuilding.set(u.buildingId, list);
  }

  const choicesByMatter = new Map<string, Map<string, VoteChoice>>();
  for (const v of stored) {
    const choices = choicesByMatter.get(v.matterId) ?? new Map<string, VoteChoice>();
    choices.set(v.holderKey, v.choice);
    choicesByMatter.set(v.matterId, choices);
  }

  return snapshot.matters.map((matter) => {
    const choices = choicesByMatter.get(matter.id) ?? new Map<string, VoteChoice>();
    const run = (units: typeof tallyUnits) =>
      tally({
        matter: matter.item,
        policy: snapshot.policy,
        units: units.map(({ unit, owner, area, developerUnsold }) => ({
          unit,
          owner,
          area,
          ...(developerUnsold === undefined ? {} : { developerUnsold }),
        })),
        votes: units.flatMap((u) => {
          const choice = choices.get(u.owner);
          return choice ? [{ unit: u.unit, choice }] : [];
        }),
      });
    const estate = run(tallyUnits);
    const buildings = [...byBuilding.values()]
      .map((units) => ({
        buildingId: units[0]!.buildingId,
        building: units[0]!.building,
        ...figuresOf(run(units)),
      }))
      .sort(byShortfall);
    return {
      matterId: matter.id,
      item: matter.item,
      title: matter.title,
      threshold: estate.threshold,
      ...figuresOf(estate),
      buildings,
    };
  });
}
