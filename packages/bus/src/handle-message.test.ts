import { defineEvent } from '@yishi/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contractKey } from './contract.ts';
import { decode } from './handle-message.ts';

const voteCast = defineEvent({
  type: 'ballots.vote.cast',
  version: 2,
  payload: z.object({ choice: z.enum(['agree', 'oppose', 'abstain']) }),
});
const contracts = new Map([[contractKey(voteCast), voteCast]]);
const envelope = {
  id: '0b6f1c52-7a55-4c1e-9a57-3f0f0c8f2a11',
  type: 'ballots.vote.cast',
  version: 2,
  occurredAt: '2025-03-01T08:00:00.000Z',
  communityId: '5d0c3a3e-2f55-4a2b-8b8e-6f1d9b7c1e20',
  aggregateId: 'ballot-1',
  payload: { choice: 'agree' },
};

describe('decode', () => {
  it('puts the version into the subject', () => {
    expect(voteCast.subject).toBe('ballots.vote.cast.v2');
  });

  it('accepts an envelope whose payload fits its contract, dropping unknown payload keys', () => {
    const decoded = decode(
      JSON.stringify({ ...envelope, payload: { choice: 'agree', ownerName: 'x' } }),
      contracts,
    );
    expect(decoded).toEqual({ ok: true, event: envelope });
  });

  it('refuses a payload that breaks the contract, naming the event', () => {
    const decoded = decode(
      JSON.stringify({ ...envelope, payload: { choice: 'maybe' } }),
      contracts,
    );
    expect(decoded).toMatchObject({ ok: false, eventId: envelope.id, reason: /bad payload/ });
  });

  it('refuses a version it has no contract for', () => {
    const decoded = decode(JSON.stringify({ ...envelope, version: 3 }), contracts);
    expect(decoded).toMatchObject({ ok: false, reason: 'no contract for ballots.vote.cast v3' });
  });

  it('refuses an envelope without an event id, and bytes that are not JSON', () => {
    const { id: _, ...withoutId } = envelope;
    expect(decode(JSON.stringify(withoutId), contracts)).toMatchObject({
      ok: false,
      reason: /bad envelope/,
    });
    expect(decode('\u0000garbage', contracts)).toEqual({ ok: false, reason: 'body is not JSON' });
  });
});
