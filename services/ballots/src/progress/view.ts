import type { BuildingProgress, MatterProgress } from './compute.ts';
import { type ProgressState, showsAgreement } from './hub.ts';

export interface ProgressView {
  ballotId: string;
  status: string;
  closesAt: string;
  /** Whole seconds until voting closes, zero once it has. */
  secondsLeft: number;
  computedAt: string;
  matters: (Omit<MatterProgress, 'buildings' | 'agree' | 'approval'> &
    Hidden<MatterProgress> & {
      buildings: (Omit<BuildingProgress, 'agree' | 'approval'> & Hidden<BuildingProgress>)[];
    })[];
}

/** Agreement figures, or null where a secret ballot is still open (see showsAgreement). */
type Hidden<T extends { agree: unknown; approval: unknown }> = {
  agree: T['agree'] | null;
  approval: T['approval'] | null;
};

/**
 * What a caller sees of a ballot's progress: the estate's figures, and the buildings in their
 * scope. `ballot` overrides the status and close time cached with the figures when the caller has
 * a fresher row (an extension changes the close without any vote).
 */
export function progressView(
  state: ProgressState,
  options: {
    now: Date;
    scope: ReadonlySet<string> | null;
    ballot?: { status: string; closesAt: Date };
  },
): ProgressView {
  const status = options.ballot?.status ?? state.status;
  const closesAt = options.ballot?.closesAt ?? state.closesAt;
  const { scope } = options;
  const shown = showsAgreement({ secret: state.secret, status });
  const hide = <T extends { agree: unknown; approval: unknown }>(f: T) =>
    shown ? f : { ...f, agree: null, approval: null };
  return {
    ballotId: state.ballotId,
    status,
    closesAt: closesAt.toISOString(),
    secondsLeft: Math.max(0, Math.floor((closesAt.getTime() - options.now.getTime()) / 1000)),
    computedAt: state.computedAt.toISOString(),
    matters: state.matters.map((m) => ({
      ...hide(m),
      buildings: (scope === null
        ? m.buildings
        : m.buildings.filter((b) => scope.has(b.buildingId))
      ).map(hide),
    })),
  };
}
