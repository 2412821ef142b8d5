export {
  checkNoticePeriod,
  earliestVotingDate,
  earliestVotingStart,
  NOTICE_MINIMUM_DAYS,
  type NoticeCheck,
} from './notice-period.ts';
export { shanghaiDate, shanghaiMidnight } from './shanghai-calendar.ts';
