import { createHash } from 'node:crypto';

/** The namespace of the ids meetings fixes for other services (RFC 9562 name-based, SHA-1). */
export const MEETINGS_NAMESPACE = 'b6f1c6a2-6c1e-5d8e-9a57-3f0d2c4e8b11';

/** A UUID version 5 of `name` in `namespace` (RFC 9562 §5.5). */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  if (ns.length !== 16) throw new RangeError(`${namespace} is not a UUID`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The ballot of a written assembly: the same for every request of one meeting, so a redelivered
 * request is recognised by the ballots service and meetings knows the id without asking.
 */
export const assemblyBallotId = (meetingId: string) =>
  uuidV5(`meeting:${meetingId}:ballot`, MEETINGS_NAMESPACE);

/** The ballot matter of one agenda item of a written assembly. */
export const assemblyMatterId = (meetingId: string, agendaItemId: string) =>
  uuidV5(`meeting:${meetingId}:agenda-item:${agendaItemId}`, MEETINGS_NAMESPACE);
