import { describe, expect, it } from 'vitest';
import { idNumberCheckDigit, validateIdNumber } from './id-number.ts';
import { maskIdNumber, maskName, maskPhone } from './masking.ts';

const TODAY = '2026-11-22';

describe('GB 11643 ID numbers', () => {
  it('accepts the standard example with an X check character', () => {
    expect(validateIdNumber('11010519491231002X', TODAY)).toMatchObject({
      ok: true,
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(validateIdNumber('11010519491231002x', TODAY)).toMatchObject({
      ok: true,
      normalized: '11010519491231002X',
    });
  });
  it('computes the MOD 11-2 check digit', () => {
    // The expected character is computed here from the standard's weights, independently of the module.
    const body = '41022519900101123';
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0);
    const expected = '10X98765432'[sum % 11];
    expect(idNumberCheckDigit(body)).toBe(expected);
    expect(validateIdNumber(`${body}${expected}`, TODAY).ok).toBe(true);
  });
  it('refuses a wrong check digit, a bad format and impossible dates', () => {
    expect(validateIdNumber('110105194912310021', TODAY)).toMatchObject({ ok: false, reason: 'check_digit' });
    expect(validateIdNumber('11010519491231', TODAY)).toMatchObject({ ok: false, reason: 'format' });
    const feb29 = '41022520230229123';
    expect(validateIdNumber(`${feb29}${idNumberCheckDigit(feb29)}`, TODAY)).toMatchObject({
      ok: false,
      reason: 'birth_date',
    });
    const leap = '41022520240229123';
    expect(validateIdNumber(`${leap}${idNumberCheckDigit(leap)}`, TODAY).ok).toBe(true);
    const future = '41022520300101123';
    expect(validateIdNumber(`${future}${idNumberCheckDigit(future)}`, TODAY)).toMatchObject({
      ok: false,
      reason: 'birth_date',
    });
  });
  it('converts a legacy 15-digit number', () => {
    const r = validateIdNumber('410225900101123', TODAY);
    expect(r).toMatchObject({ ok: true, birthDate: '1990-01-01' });
  });
});

describe('masking', () => {
  it('masks ID numbers, phones and names', () => {
    expect(maskIdNumber('632223199001011234')).toBe('6322**********1234');
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskIdNumber('123')).toBe('***');
  });
});
