import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.ts';

describe('password policy', () => {
  it('accepts a strong password', () => expect(checkPassword('Xinfang#2026', 'clerk')).toBeNull());
  it('needs 10 characters', () => expect(checkPassword('Ab1#xyz', 'clerk')).toContain('10'));
  it('needs three classes', () => expect(checkPassword('abcdefghij12', 'clerk')).toContain('三类'));
  it('refuses the username inside', () => expect(checkPassword('Clerk#20261', 'clerk')).toContain('用户名'));
});
