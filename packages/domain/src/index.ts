export * as ballot from './ballot/index.ts';
export * from './election/index.ts';
export {
  getMatter,
  getMatterByKey,
  isMatterItem,
  isMatterKey,
  type LocalizedText,
  MATTERS,
  type Matter,
  type MatterItem,
  type MatterKey,
  QUORUM_RULE,
  THRESHOLD_RULES,
  type Threshold,
  thresholdOf,
  UnknownMatterError,
} from './matters/index.ts';
export {
  checkNoticePeriod,
  earliestVotingDate,
  earliestVotingStart,
  NOTICE_MINIMUM_DAYS,
  type NoticeCheck,
  shanghaiDate,
  shanghaiMidnight,
} from './notice/index.ts';
export * from './tally/index.ts';
