/** A JetStream stream of the suite: its name and the subjects it stores. */
export interface StreamDefinition {
  name: string;
  subjects: string[];
}

/**
 * The JetStream streams, one per publishing service. Every service ensures the streams it reads
 * or writes from here, so no two services configure one stream differently (the last one to start
 * would otherwise win). BALLOTS stores four-token subjects only (`ballots.<aggregate>.<event>.v<n>`):
 * ballots' live progress goes over core NATS at `ballots.progress.<ballotId>` and is not kept.
 */
export const streams = {
  directory: { name: 'DIRECTORY', subjects: ['directory.>'] },
  ballots: { name: 'BALLOTS', subjects: ['ballots.*.*.*'] },
  meetings: { name: 'MEETINGS', subjects: ['meetings.>'] },
  proposals: { name: 'PROPOSALS', subjects: ['proposals.>'] },
} satisfies Record<string, StreamDefinition>;
