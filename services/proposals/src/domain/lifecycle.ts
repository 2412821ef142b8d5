/**
 * The life of a proposal as a pure state machine: `decide(state, command)` says whether a command
 * applies and what the proposal becomes. No I/O and no clock; the verbs and consumers store what
 * it returns.
 *
 * ```
 * draft ─open─► open ─threshold─► threshold_reached ─┐
 *                 └──────────────────────────────────┴─agenda─► on_agenda ─ballot─► in_ballot
 *                                                                  │  ▲ cancelled     │
 *                                                                  └──┴──decide◄──────┘
 * decided(已形成决定) ─start─► being_implemented ─complete─► done
 * draft | open | threshold_reached ─withdraw─► withdrawn
 * ```
 */
import type { ProposalStatus } from '@yishi/contracts';

export type Outcome = 'decided' | 'not_decided';

/** What the machine needs to know of a proposal. */
export interface LifecycleState {
  status: ProposalStatus;
  /** Whether the co-signing threshold was reached (a cancelled meeting goes back to it). */
  thresholdReached: boolean;
  outcome: Outcome | null;
}

export type LifecycleCommand =
  | { type: 'open' }
  | { type: 'reach_threshold' }
  | { type: 'put_on_agenda' }
  | { type: 'leave_agenda' }
  | { type: 'enter_ballot' }
  | { type: 'leave_ballot' }
  | { type: 'decide'; outcome: Outcome }
  | { type: 'start_implementation' }
  | { type: 'complete' }
  | { type: 'withdraw' };

export type LifecycleResult =
  | { ok: true; state: LifecycleState; changed: boolean }
  | { ok: false; reason: 'invalid_transition' | 'not_decided' };

const before = (...statuses: ProposalStatus[]) => new Set<ProposalStatus>(statuses);
const preAgenda = before('open', 'threshold_reached');

const moved = (state: LifecycleState, patch: Partial<LifecycleState>): LifecycleResult => ({
  ok: true,
  state: { ...state, ...patch },
  changed: true,
});
const same = (state: LifecycleState): LifecycleResult => ({ ok: true, state, changed: false });
const refused: LifecycleResult = { ok: false, reason: 'invalid_transition' };

/**
 * Applies `command` to `state`. Commands that arrive from events (agenda, ballot, decision) are
 * idempotent: repeating one on a proposal already there answers `changed: false`, so a
 * redelivered event is harmless.
 */
export function decide(state: LifecycleState, command: LifecycleCommand): LifecycleResult {
  const { status } = state;
  switch (command.type) {
    case 'open':
      return status === 'draft' ? moved(state, { status: 'open' }) : refused;
    case 'reach_threshold':
      if (status === 'open')
        return moved(state, { status: 'threshold_reached', thresholdReached: true });
      // Reached while already further on (put on an agenda first): remembered, status kept.
      if (!state.thresholdReached && status !== 'draft' && status !== 'withdrawn') {
        return moved(state, { thresholdReached: true });
      }
      return state.thresholdReached ? same(state) : refused;
    case 'put_on_agenda':
      if (preAgenda.has(status)) return moved(state, { status: 'on_agenda' });
      return status === 'on_agenda' ? same(state) : refused;
    case 'leave_agenda':
      if (status === 'on_agenda') {
        return moved(state, { status: state.thresholdReached ? 'threshold_reached' : 'open' });
      }
      return preAgenda.has(status) ? same(state) : refused;
    case 'enter_ballot':
      if (status === 'on_agenda' || preAgenda.has(status))
        return moved(state, { status: 'in_ballot' });
      return status === 'in_ballot' ? same(state) : refused;
    case 'leave_ballot':
      if (status === 'in_ballot') return moved(state, { status: 'on_agenda' });
      return status === 'on_agenda' ? same(state) : refused;
    case 'decide':
      if (status === 'on_agenda' || status === 'in_ballot') {
        return moved(state, { status: 'decided', outcome: command.outcome });
      }
      if (status === 'decided') {
        // A re-certified ballot result may change the outcome before anything was implemented.
        return state.outcome === command.outcome
          ? same(state)
          : moved(state, { outcome: command.outcome });
      }
      return refused;
    case 'start_implementation':
      if (status !== 'decided') return refused;
      // 未形成决定: nothing was decided, so there is nothing to implement.
      return state.outcome === 'decided'
        ? moved(state, { status: 'being_implemented' })
        : { ok: false, reason: 'not_decided' };
    case 'complete':
      return status === 'being_implemented' ? moved(state, { status: 'done' }) : refused;
    case 'withdraw':
      return status === 'draft' || preAgenda.has(status)
        ? moved(state, { status: 'withdrawn' })
        : refused;
  }
}

/** Whether owners may co-sign in this status (while it collects support, before any agenda). */
export const acceptsCosignatures = (status: ProposalStatus) =>
  status === 'open' || status === 'threshold_reached';

/**
 * Co-signatures needed: `thresholdBp` basis points of `base` owner keys, rounded up, at least 1.
 * Integer arithmetic: 20% of 1,234 keys is 247 (246.8 rounded up), never a float comparison.
 */
export function cosignRequired(base: number, thresholdBp: number): number {
  return Math.max(1, Math.ceil((base * thresholdBp) / 10_000));
}
