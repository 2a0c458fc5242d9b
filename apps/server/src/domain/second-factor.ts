import type { Role } from '@xinfang/contract';

/**
 * Who must log in with a second factor. 等保 2.0 (GB/T 22239-2019) level 3, 8.1.4.1 身份鉴别 d): privileged
 * accounts are identified by two or more factors, one of them cryptographic. Admins always; other staff when
 * their bureau's policy (`staffSecondFactor`, inherited down the region chain) enables it.
 */
export function requiresSecondFactor(
  roles: readonly Role[],
  policy: { staffSecondFactor: boolean },
): boolean {
  return roles.includes('admin') || policy.staffSecondFactor;
}

/** RFC 6238 parameters every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** Codes of the step before and after the current one are accepted (clock drift of a phone). */
export const TOTP_WINDOW = 1;
