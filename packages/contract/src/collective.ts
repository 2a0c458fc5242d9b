/**
 * 集体访 and 个体访, shared: the server flags and counts them, the web shows the mark as the clerk types.
 * 集体访 is a visit (来访) of persons at or above the bureau's threshold (default 5); a joint letter or an
 * online petition of many names is not a visit, so neither collective nor individual visit (个体访).
 */
export const isCollective = (channel: string, persons: number, threshold = 5): boolean =>
  channel === 'visit' && persons >= threshold;

/** 个体访: a visit (来访) of fewer persons than the threshold. */
export const isIndividualVisit = (channel: string, persons: number, threshold = 5): boolean =>
  channel === 'visit' && persons < threshold;
