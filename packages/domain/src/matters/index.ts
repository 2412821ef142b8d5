export {
  type LocalizedText,
  MATTERS,
  type Matter,
  type MatterItem,
  type MatterKey,
  QUORUM_RULE,
  THRESHOLD_RULES,
  type Threshold,
} from './catalogue.ts';
export {
  getMatter,
  getMatterByKey,
  isMatterItem,
  isMatterKey,
  thresholdOf,
  UnknownMatterError,
} from './lookup.ts';
