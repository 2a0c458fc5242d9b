/** 公民身份号码 rules, shared: the server validates registrations, the web checks as the clerk types. */
/** A real calendar date written YYYY-MM-DD. */
function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits (GB 11643-1999). */
export function idNumberCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export type IdNumberCheck =
  | { ok: true; normalized: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: 'format' | 'birth_date' | 'check_digit'; message: string };

/**
 * Validates a 公民身份号码 (GB 11643-1999): 18 characters, a real birth date not after `today`,
 * and the check character. A legacy 15-digit number (born 19xx, no check digit) is converted
 * to 18 digits. Lowercase x is normalized to X.
 */
export function validateIdNumber(input: string, today: string): IdNumberCheck {
  let value = input.trim().toUpperCase();
  if (/^\d{15}$/.test(value)) {
    const body = `${value.slice(0, 6)}19${value.slice(6)}`;
    value = `${body}${idNumberCheckDigit(body)}`;
  }
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) {
    return { ok: false, reason: 'format', message: '应为18位（末位可为X），或15位旧号码' };
  }
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || birthDate > today || birthDate < '1880-01-01') {
    return { ok: false, reason: 'birth_date', message: `出生日期 ${birthDate} 无效` };
  }
  if (idNumberCheckDigit(value.slice(0, 17)) !== value[17]) {
    return { ok: false, reason: 'check_digit', message: '校验位不正确' };
  }
  return { ok: true, normalized: value, birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female' };
}
