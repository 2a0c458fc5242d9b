const stars = (n: number) => '*'.repeat(Math.max(0, n));

/** 6322**********1234: first 4 and last 4 characters of an ID number. */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return stars(value.length);
  return `${value.slice(0, 4)}${stars(value.length - 8)}${value.slice(-4)}`;
}

/** 139****5678: first 3 and last 4 digits of a phone number. */
export function maskPhone(value: string): string {
  const digits = value.replace(/[\s-]/g, '');
  if (digits.length <= 7) return `${digits.slice(0, 1)}${stars(digits.length - 1)}`;
  return `${digits.slice(0, 3)}${stars(digits.length - 7)}${digits.slice(-4)}`;
}

/** 张**: the family name only. */
export function maskName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length === 0) return '';
  return `${chars[0]}${stars(Math.max(1, chars.length - 1))}`;
}
