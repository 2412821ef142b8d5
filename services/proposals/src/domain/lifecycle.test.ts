import { describe, expect, it } from 'vitest';
import { cosignRequired, decide, type LifecycleCommand, type LifecycleState } from './lifecycle.ts';

const at = (
  status: LifecycleState['status'],
  patch: Partial<LifecycleState> = {},
): LifecycleState => ({
  status,
  thresholdReached: false,
  outcome: null,
  ...patch,
});

function run(state: LifecycleState, ...commands: LifecycleCommand[]) {
  let current = state;
  for (const command of commands) {
    const result = decide(current, command);
    if (!result.ok) throw new Error(`${command.type} refused from ${current.status}`);
    current = result.state;
  }
  return current;
}

describe('the proposal lifecycle', () => {
  it('goes from draft to done along the decided path', () => {
    const end = run(
      at('draft'),
      { type: 'open' },
      { type: 'reach_threshold' },
      { type: 'put_on_agenda' },
      { type: 'enter_ballot' },
      { type: 'decide', outcome: 'decided' },
      { type: 'start_implementation' },
      { type: 'complete' },
    );
    expect(end).toEqual({ status: 'done', thresholdReached: true, outcome: 'decided' });
  });

  it('refuses to implement what was not decided (未形成决定)', () => {
    const state = run(at('on_agenda'), { type: 'decide', outcome: 'not_decided' });
    expect(decide(state, { type: 'start_implementation' })).toEqual({
      ok: false,
      reason: 'not_decided',
    });
  });

  it('goes back to threshold reached, or to open, when its meeting is cancelled', () => {
    expect(run(at('on_agenda', { thresholdReached: true }), { type: 'leave_agenda' }).status).toBe(
      'threshold_reached',
    );
    expect(run(at('on_agenda'), { type: 'leave_agenda' }).status).toBe('open');
  });

  it('treats a repeated event as no change', () => {
    for (const [status, command] of [
      ['on_agenda', { type: 'put_on_agenda' }],
      ['in_ballot', { type: 'enter_ballot' }],
      ['threshold_reached', { type: 'reach_threshold' }],
    ] as const) {
      const result = decide(at(status, { thresholdReached: true }), command);
      expect(result).toMatchObject({ ok: true, changed: false });
    }
    const decided = at('decided', { outcome: 'decided' });
    expect(decide(decided, { type: 'decide', outcome: 'decided' })).toMatchObject({
      ok: true,
      changed: false,
    });
  });

  it('lets a re-certified result change the outcome of a decided proposal', () => {
    const result = decide(at('decided', { outcome: 'decided' }), {
      type: 'decide',
      outcome: 'not_decided',
    });
    expect(result).toMatchObject({ ok: true, changed: true, state: { outcome: 'not_decided' } });
  });

  it('withdraws only before an agenda', () => {
    for (const status of ['draft', 'open', 'threshold_reached'] as const) {
      expect(decide(at(status), { type: 'withdraw' })).toMatchObject({ ok: true });
    }
    for (const status of ['on_agenda', 'in_ballot', 'decided', 'done', 'withdrawn'] as const) {
      expect(decide(at(status), { type: 'withdraw' })).toEqual({
        ok: false,
        reason: 'invalid_transition',
      });
    }
  });

  it('never decides a proposal that is not on an agenda or in a ballot', () => {
    for (const status of ['draft', 'open', 'threshold_reached', 'withdrawn', 'done'] as const) {
      expect(decide(at(status), { type: 'decide', outcome: 'decided' }).ok).toBe(false);
    }
  });

  it('remembers a threshold reached after the proposal went on an agenda', () => {
    const state = run(at('on_agenda'), { type: 'reach_threshold' }, { type: 'leave_agenda' });
    expect(state.status).toBe('threshold_reached');
  });
});

describe('cosignRequired', () => {
  it('rounds 20% of the owner keys up, in integers', () => {
    expect(cosignRequired(1234, 2000)).toBe(247);
    expect(cosignRequired(1000, 2000)).toBe(200);
    expect(cosignRequired(3, 2000)).toBe(1);
    expect(cosignRequired(0, 2000)).toBe(1);
    expect(cosignRequired(7, 5000)).toBe(4);
  });
});
