/**
 * 来访, 集体访, 个体访 and 领导接访, shared: the server flags and counts them, the web shows the marks as
 * the clerk types. 集体访 is a visit (来访) of persons at or above the bureau's threshold (default 5); a
 * joint letter or an online petition of many names is not a visit, so neither collective nor individual
 * visit (个体访). A leader receives visitors (领导接访: 坐班接访, 约访, 下访, 联合接访): a letter, an
 * online petition, a call or a mail to the leader's mailbox is never a leader reception.
 */
export const isVisit = (channel: string): boolean => channel === 'visit';

export const isCollective = (channel: string, persons: number, threshold = 5): boolean =>
  isVisit(channel) && persons >= threshold;

/** 个体访: a visit (来访) of fewer persons than the threshold. */
export const isIndividualVisit = (channel: string, persons: number, threshold = 5): boolean =>
  isVisit(channel) && persons < threshold;

/** What is wrong when 接访领导 is named on a petition that is no visit (after the field's name). */
export const LEADER_ONLY_ON_VISITS = '只适用于来访，来信、网上信访、电话和领导信箱不是领导接访';
