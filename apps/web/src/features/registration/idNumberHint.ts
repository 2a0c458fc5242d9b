import { validateIdNumber } from '@xinfang/contract';
import dayjs from 'dayjs';

export type IdHint = { status: 'success' | 'error' | 'validating' | ''; text: string };

/** What the clerk sees under an ID number while typing: the birth date, sex and region, or the fault. */
export function idNumberHint(
  value: string | undefined,
  regionName: (code: string) => string | undefined,
): IdHint {
  const v = (value ?? '').trim();
  if (!v) return { status: '', text: '' };
  if (v.length < 15 || (v.length > 15 && v.length < 18))
    return { status: 'validating', text: `已输入 ${v.length} 位，身份证号码应为18位` };
  const check = validateIdNumber(v, dayjs().format('YYYY-MM-DD'));
  if (!check.ok) return { status: 'error', text: `身份证号码有误：${check.message}` };
  const code = check.normalized.slice(0, 6);
  const region =
    regionName(code) ?? regionName(`${code.slice(0, 4)}00`) ?? regionName(`${code.slice(0, 2)}0000`);
  return {
    status: 'success',
    text: `出生日期 ${check.birthDate} · ${check.sex === 'male' ? '男' : '女'}${region ? ` · 户籍地 ${region}` : ''}`,
  };
}
