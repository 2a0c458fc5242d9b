import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../src/deps.ts';
import { TOTP_WINDOW } from '../../src/domain/second-factor.ts';
import { findUserByUsername, updateUser } from '../../src/modules/auth/auth.repo.ts';
import { nextUsableStep, totpCodeForStep, totpStepAt } from '../../src/modules/auth/totp.ts';

/**
 * The tests' "phone": for an app built on a database, the code a user's authenticator shows now (at the server's
 * business clock). It reads the enrolled secret the way the phone holds it, and skips steps already used, since
 * the server accepts each code once. Null when the user has no second factor.
 */
export type Authenticator = (username: string) => Promise<string | null>;

const authenticators = new WeakMap<FastifyInstance, Authenticator>();

export function authenticatorFor(deps: Deps): Authenticator {
  return async (username) => {
    const user = await findUserByUsername(deps.db, username);
    if (!user?.totpSecret) return null;
    let lastUsed = user.totpLastStep;
    if (lastUsed !== null && lastUsed > totpStepAt(deps.now()) + TOTP_WINDOW) {
      // A test moved the business clock back before the last login: in the simulated timeline that login has not
      // happened yet, so its step marker goes too (a real clock never goes back; the server's rule is unchanged).
      await updateUser(deps.db, user.id, { totpLastStep: null });
      lastUsed = null;
    }
    const step = nextUsableStep(lastUsed, deps.now());
    if (step === null)
      throw new Error(`${username}: every code around the test clock was used; move the clock 30 s on`);
    return totpCodeForStep(deps.crypto.decrypt(user.totpSecret), step);
  };
}

export function registerAuthenticator(app: FastifyInstance, deps: Deps): void {
  authenticators.set(app, authenticatorFor(deps));
}

export const authenticatorOf = (app: FastifyInstance): Authenticator | undefined => authenticators.get(app);

/**
 * Enrols a user's second factor the way a person does: password login (a session that may only enrol), 绑定
 * (the server generates the secret), then the first code from the app. Returns the secret.
 */
export async function enrolSecondFactor(
  app: FastifyInstance,
  deps: Deps,
  username: string,
  password: string,
): Promise<string> {
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (login.statusCode !== 200) throw new Error(`enrol ${username}: login ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.find((c) => c.name === 'xf_session')?.value ?? '';
  const headers = { cookie: `xf_session=${cookie}`, 'x-csrf-token': login.json().csrfToken as string };
  const setup = await app.inject({ method: 'POST', url: '/api/auth/second-factor/setup', headers });
  if (setup.statusCode !== 200) throw new Error(`enrol ${username}: setup ${setup.statusCode} ${setup.body}`);
  const { secret } = setup.json() as { secret: string };
  const code = totpCodeForStep(secret, nextUsableStep(null, deps.now()) as number);
  const confirm = await app.inject({
    method: 'POST',
    url: '/api/auth/second-factor/confirm',
    headers,
    payload: { code },
  });
  if (confirm.statusCode !== 200)
    throw new Error(`enrol ${username}: confirm ${confirm.statusCode} ${confirm.body}`);
  return secret;
}
