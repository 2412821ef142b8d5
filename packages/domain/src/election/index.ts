export {
  allocateSeats,
  type CandidateOutcome,
  type CandidateStatus,
  type RankedCandidate,
  type SeatAllocation,
} from './seats.ts';
