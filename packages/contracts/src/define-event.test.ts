import { isAppError } from '@yishi/errors';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineEvent, type EventOf } from './define-event.ts';

const communityId = '5b0f3c1e-8d7a-4b59-9c39-2f6f2d3a1b10';
const ballotId = '0c7e9a52-3c2a-4f0e-b1f7-6a8f4b2d9e01';
const eventId = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const now = () => new Date('2025-03-01T08:00:00.000Z');
const newId = () => eventId;

const testEvent = defineEvent({
  type: 'ballots.ballot.opened',
  version: 2,
  description: 'test event',
  payload: z.object({ ballotId: z.uuid(), closesAt: z.iso.datetime() }),
});

const validPayload = { ballotId, closesAt: '2025-03-15T16:00:00Z' };

describe('defineEvent', () => {
  it('puts the version in the subject so consumers can filter on it', () => {
    expect(testEvent.subject).toBe('ballots.ballot.opened.v2');
    expect(testEvent.type).toBe('ballots.ballot.opened');
    expect(testEvent.version).toBe(2);
  });

  it('refuses a type that is not <service>.<aggregate>.<event>', () => {
    const payload = z.object({});
    expect(() => defineEvent({ type: 'ballots.opened', version: 1, payload })).toThrow(
      /snake_case/,
    );
    expect(() => defineEvent({ type: 'ballots.*.opened', version: 1, payload })).toThrow();
    expect(() => defineEvent({ type: 'Ballots.ballot.opened', version: 1, payload })).toThrow();
  });

  it('refuses a version below 1 or not an integer', () => {
    const payload = z.object({});
    expect(() => defineEvent({ type: 'a.b.c', version: 0, payload })).toThrow(/version/);
    expect(() => defineEvent({ type: 'a.b.c', version: 1.5, payload })).toThrow(/version/);
  });
});

describe('create', () => {
  it('builds a complete envelope from the injected clock and id', () => {
    const event = testEvent.create(
      { communityId, aggregateId: ballotId, payload: validPayload },
      { now, newId },
    );
    expect(event).toEqual({
      id: eventId,
      type: 'ballots.ballot.opened',
      version: 2,
      occurredAt: '2025-03-01T08:00:00.000Z',
      communityId,
      aggregateId: ballotId,
      payload: validPayload,
    });
    expectTypeOf(event).toEqualTypeOf<EventOf<typeof testEvent>>();
  });

  it('uses an explicit id and time over the injected ones', () => {
    const id = '9b2e7c4a-1d3f-4e5a-8b6c-7d8e9f0a1b2c';
    const event = testEvent.create(
      {
        communityId,
        aggregateId: ballotId,
        payload: validPayload,
        id,
        occurredAt: new Date('2024-12-31T23:59:59Z'),
      },
      { now, newId },
    );
    expect(event.id).toBe(id);
    expect(event.occurredAt).toBe('2024-12-31T23:59:59.000Z');
  });

  it('refuses to build an event whose payload breaks the schema', () => {
    const build = () =>
      testEvent.create(
        { communityId, aggregateId: ballotId, payload: { ...validPayload, ballotId: 'nope' } },
        { now, newId },
      );
    expect(build).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });

  it('generates a uuid and the current time by default', () => {
    const event = testEvent.create({ communityId, aggregateId: ballotId, payload: validPayload });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.now() - Date.parse(event.occurredAt)).toBeLessThan(5_000);
  });
});

describe('parse', () => {
  const valid = testEvent.create(
    { communityId, aggregateId: ballotId, payload: validPayload },
    { now, newId },
  );

  it('accepts a valid message received as JSON', () => {
    expect(testEvent.parse(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
  });

  function parseError(input: unknown) {
    try {
      testEvent.parse(input);
    } catch (error) {
      if (isAppError(error)) return error;
    }
    throw new Error('parse accepted an invalid event');
  }

  it('refuses another version of the same type as a permanent validation failure', () => {
    const error = parseError({ ...valid, version: 1 });
    expect(error.code).toBe('validation_failed');
    expect(error.retryable).toBe(false);
  });

  it('reports the path of a bad payload field', () => {
    const error = parseError({ ...valid, payload: { ...validPayload, closesAt: 'tomorrow' } });
    expect(error.details).toMatchObject({ issues: [{ path: ['payload', 'closesAt'] }] });
  });

  it('refuses an occurredAt that is not UTC', () => {
    expect(parseError({ ...valid, occurredAt: '2025-03-01T16:00:00+08:00' }).code).toBe(
      'validation_failed',
    );
  });
});
