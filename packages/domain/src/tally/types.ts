import type { MatterItem, Threshold } from '../matters/index.ts';
import type { Ratio } from './ratio.ts';

export type Choice = 'agree' | 'oppose' | 'abstain' | 'invalid';
export const CHOICES: readonly Choice[] = ['agree', 'oppose', 'abstain', 'invalid'];

/** The policies of RULES.md §3, where the law is silent. */
export interface TallyPolicy {
  /** `owner_ballot`: one choice per owner covering all their units; `unit_split`: per unit. */
  multiUnit: 'owner_ballot' | 'unit_split';
  /** Whether an invalid ballot (废票) counts as participation. It never counts as agreement. */
  invalidParticipates: boolean;
  /** `majority` (从众): silent owners with a served notice follow the majority side. */
  deemed: 'none' | 'majority';
}

export const DEFAULT_POLICY: Readonly<TallyPolicy> = Object.freeze({
  multiUnit: 'owner_ballot',
  invalidParticipates: true,
  deemed: 'none',
});

export interface TallyUnit {
  unit: string;
  /** The owner key: a person, an organisation, the developer, or a co-owner set such as "o1&o2". */
  owner: string;
  /** Exclusive area in m², a decimal string with at most two decimals. */
  area: string;
  /** An unsold or undelivered unit of the developer: all of them together count as one head. */
  developerUnsold?: boolean;
  /** Whether the notice of this ballot was provably served for this unit (used by `deemed`). */
  served?: boolean;
}

export interface TallyVote {
  unit: string;
  choice: Choice;
  /** Who cast it (a co-owner or a proxy). Never changes who is counted. */
  castBy?: string;
}

/** The input of {@link tally}: exactly the shape of `rules/examples.json`. */
export interface TallyInput {
  matter: number;
  policy?: Partial<TallyPolicy>;
  units: readonly TallyUnit[];
  votes: readonly TallyVote[];
}

/** Area (m², "x.yy") and headcount of one group of owners. */
export interface Figures {
  area: string;
  headcount: number;
}

export interface TallyResult {
  matter: MatterItem;
  threshold: Threshold;
  /** The policies applied, defaults filled in; published with every result. */
  policy: TallyPolicy;

  totalArea: string;
  totalHeadcount: number;
  /** Real participants plus, under `deemed: majority`, the deemed ones. */
  participatingArea: string;
  participatingHeadcount: number;
  /** Real agreeing ballots plus, when the deemed side is *agree*, the deemed ones. */
  agreeArea: string;
  agreeHeadcount: number;

  /** Real ballots by choice. Under `unit_split` an owner whose counted ballots differ is `mixed`. */
  oppose: Figures;
  abstain: Figures;
  /** Invalid ballots; under `owner_ballot` this includes owners whose unit ballots disagree. */
  invalid: Figures;
  /** Owners with counted ballots that are not all the same choice (only under `unit_split`). */
  mixedHeadcount: number;
  /** Participants who really cast a counted ballot (excludes deemed). */
  voted: Figures;
  /** Deemed participation (从众), always reported apart from real ballots. */
  deemed: Figures & { side: 'agree' | 'oppose' | 'none' };

  quorum: {
    met: boolean;
    areaMet: boolean;
    headcountMet: boolean;
    area: Ratio;
    headcount: Ratio;
    /** What is still needed to reach two thirds: the smallest area and headcount, zero when met. */
    shortfall: Figures;
  };
  approval: {
    met: boolean;
    areaMet: boolean;
    headcountMet: boolean;
    area: Ratio;
    headcount: Ratio;
  };
  quorumMet: boolean;
  approvalMet: boolean;
  passed: boolean;
  /** 已形成决定 / 未形成决定: a failed matter formed no decision; it was not "rejected". */
  decision: 'formed' | 'not_formed';
}
