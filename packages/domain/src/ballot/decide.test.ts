import { describe, expect, it } from 'vitest';
import { decide } from './decide.ts';
import { COMMANDS, refusal, STATES } from './fixtures.ts';
import type { BallotCommand, BallotEvent, BallotStatus } from './types.ts';

const ALLOWED: Record<BallotStatus, Record<BallotCommand['type'], BallotEvent['type'] | null>> = {
  draft: {
    open: 'BallotOpened',
    extend: null,
    close: null,
    publish: null,
    cancel: 'BallotCancelled',
  },
  open: {
    open: null,
    extend: 'BallotExtended',
    close: 'BallotClosed',
    publish: null,
    cancel: 'BallotCancelled',
  },
  extended: {
    open: null,
    extend: 'BallotExtended',
    close: 'BallotClosed',
    publish: null,
    cancel: 'BallotCancelled',
  },
  closed: { open: null, extend: null, close: null, publish: 'BallotPublished', cancel: null },
  published: { open: null, extend: null, close: null, publish: null, cancel: null },
  cancelled: { open: null, extend: null, close: null, publish: null, cancel: null },
};

const TABLE = Object.entries(ALLOWED).flatMap(([status, row]) =>
  Object.entries(row).map(([command, event]) => ({ status, command, event })),
) as { status: BallotStatus; command: BallotCommand['type']; event: BallotEvent['type'] | null }[];

describe('decide: the transition table', () => {
  it.each(TABLE.filter((t) => t.event))(
    '$status + $command gives $event',
    ({ status, command, event }) => {
      const events = decide(STATES[status], COMMANDS[command]);
      expect(events.map((e) => e.type)).toEqual([event]);
      expect(events[0]!.at).toBe(COMMANDS[command].now);
    },
  );

  it.each(TABLE.filter((t) => !t.event))(
    '$status + $command is an invalid_transition',
    ({ status, command }) => {
      expect(refusal(STATES[status], COMMANDS[command])).toBe('invalid_transition');
    },
  );

  it('names the state and the command in the error', () => {
    expect(() => decide(STATES.published, COMMANDS.cancel)).toThrow(
      expect.objectContaining({
        state: 'published',
        command: 'cancel',
        message: expect.stringMatching(/cancel a published ballot/),
      }),
    );
  });
});
