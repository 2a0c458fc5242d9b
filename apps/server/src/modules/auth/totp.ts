import { Secret, TOTP } from 'otpauth';
import { TOTP_PARAMS, TOTP_WINDOW } from '../../domain/second-factor.ts';

const ISSUER = 'xinfang';

const totpOf = (secretBase32: string, label = 'user') =>
  new TOTP({ issuer: ISSUER, label, ...TOTP_PARAMS, secret: Secret.fromBase32(secretBase32) });

/** A fresh 160-bit secret (RFC 4226 recommends 160 bits), base32 as authenticator apps expect. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI an authenticator app reads from a QR code. */
export const totpUri = (secretBase32: string, username: string): string =>
  totpOf(secretBase32, username).toString();

/** The 30-second step a code belongs to, when it is valid at `now` (±1 step); null otherwise. */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpOf(secretBase32);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  return delta === null ? null : totp.counter({ timestamp: now.getTime() }) + delta;
}

/** The step number of a moment. */
export const totpStepAt = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PARAMS.period);

/** The code of a given step (what the user's authenticator shows; tests and the e2e harness use it). */
export function totpCodeForStep(secretBase32: string, step: number): string {
  return totpOf(secretBase32).generate({ timestamp: step * TOTP_PARAMS.period * 1000 });
}

/**
 * The earliest step whose code a login can still use after `lastUsed` (codes of the steps around `now` are
 * accepted, each once), or null when every step in the window was used (wait for the next one).
 */
export function nextUsableStep(lastUsed: number | null, now: Date): number | null {
  const current = totpStepAt(now);
  const step = Math.max(current - TOTP_WINDOW, (lastUsed ?? Number.NEGATIVE_INFINITY) + 1);
  return step <= current + TOTP_WINDOW ? step : null;
}
