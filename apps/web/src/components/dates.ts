import dayjs from 'dayjs';

/** The calendar day of an instant in the user's own time zone (not the UTC day of its ISO text). */
export const localDay = (instant: string): string => dayjs(instant).format('YYYY-MM-DD');
