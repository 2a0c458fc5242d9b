import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { sealAuditChain } from '../src/modules/audit/audit.service.ts';
import { resetSecondFactor } from '../src/modules/auth/second-factor.service.ts';
import { expectStatus, loginAs } from './helpers/api.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, PASSWORD, type World } from './helpers/world.ts';

/**
 * The second factor (TOTP, RFC 6238) through HTTP. Codes are made here with otpauth directly from the secret the
 * server showed, at explicit moments — not with the server's own helpers.
 */
const codeAt = (secret: string, iso: string) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: Date.parse(iso),
  });

type Session = { cookie: string; csrf: string };

describe.each(DRIVERS)('second factor for admins and, by bureau policy, for staff [%s]', (driver) => {
  let world: World;
  const ip = { n: 0 };
  const login = (body: Record<string, unknown>) =>
    world.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: body,
      remoteAddress: `10.20.${(ip.n >> 8) & 255}.${ip.n++ & 255}`,
    });
  const sessionOf = (res: LightMyRequestResponse): Session => ({
    cookie: res.cookies.find((c) => c.name === 'xf_session')?.value ?? '',
    csrf: res.json().csrfToken,
  });
  const call = (s: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    world.app.inject({
      method,
      url,
      headers: { cookie: `xf_session=${s.cookie}`, 'x-csrf-token': s.csrf },
      ...(payload ? { payload } : {}),
    });
  const errorOf = (res: LightMyRequestResponse) => res.json().error as { code: string; message: string };

  beforeAll(async () => {
    world = await buildWorld(driver);
  });
  afterAll(async () => world?.close());

  /** A new admin created by the county admin: one-time password, then password change, then 绑定. */
  async function newAdmin(username: string): Promise<{ id: string; password: string; secret: string }> {
    const countyadmin = await loginAs(world.app, 'countyadmin');
    const created = expectStatus(
      await countyadmin.post('/api/users', {
        username,
        displayName: username,
        unitId: world.units.county.id,
        roles: ['admin'],
      }),
      201,
    ) as { id: string; oneTimePassword: string };
    const first = await login({ username, password: created.oneTimePassword });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ mustChangePassword: true, mustEnrolSecondFactor: true });
    const s = sessionOf(first);
    expect(errorOf(await call(s, 'GET', '/api/users')).code).toBe('PASSWORD_CHANGE_REQUIRED');
    const password = 'New#Admin2026pw';
    expectStatus(
      await call(s, 'POST', '/api/auth/password', {
        currentPassword: created.oneTimePassword,
        newPassword: password,
      }),
      200,
    );
    // The password is changed; the second factor is still missing: nothing but enrolment is open.
    const blocked = await call(s, 'GET', '/api/users');
    expect(blocked.statusCode).toBe(403);
    expect(errorOf(blocked).code).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED');
    expect((await call(s, 'GET', '/api/auth/me')).json()).toMatchObject({
      mustEnrolSecondFactor: true,
      secondFactorEnabled: false,
    });
    const setup = expectStatus(await call(s, 'POST', '/api/auth/second-factor/setup'), 200) as {
      secret: string;
      uri: string;
    };
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.uri).toMatch(new RegExp(`^otpauth://totp/xinfang:${username}\\?.*secret=${setup.secret}`));
    const wrong = await call(s, 'POST', '/api/auth/second-factor/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('code');
    // The first code from the phone (one step before the current: within the ±1 window) confirms the binding.
    const confirm = await call(s, 'POST', '/api/auth/second-factor/confirm', {
      code: codeAt(setup.secret, new Date(world.clock.now.getTime() - 30_000).toISOString()),
    });
    expectStatus(confirm, 200);
    expectStatus(await call(s, 'GET', '/api/users'), 200);
    return { id: created.id, password, secret: setup.secret };
  }

  it('enrols at first login, asks for the code, refuses wrong, replayed and out-of-window codes alike', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const admin = await newAdmin('admin2fa');
    // The secret is stored encrypted, and never listed.
    const [row] = await queryRows<{ totp_secret: string }>(
      world.deps.db,
      sql`select totp_secret from users where username = 'admin2fa'`,
    );
    expect(row.totp_secret).not.toContain(admin.secret);
    expect(world.deps.crypto.decrypt(row.totp_secret)).toBe(admin.secret);
    const listed = (await (await loginAs(world.app, 'countyadmin')).get('/api/users')).body;
    expect(listed).not.toContain(row.totp_secret);
    expect(listed).not.toContain('totpSecret');

    // Password only: the second step is asked for, no session is given.
    const noCode = await login({ username: 'admin2fa', password: admin.password });
    expect(noCode.statusCode).toBe(401);
    expect(errorOf(noCode).code).toBe('SECOND_FACTOR_REQUIRED');
    expect(noCode.cookies.find((c) => c.name === 'xf_session')).toBeUndefined();

    // A wrong code answers exactly like a wrong password and an unknown user.
    const wrongCode = errorOf(
      await login({ username: 'admin2fa', password: admin.password, code: '123456' }),
    );
    const wrongPassword = errorOf(
      await login({ username: 'admin2fa', password: 'Wrong#Pass2026', code: '123456' }),
    );
    const unknown = errorOf(
      await login({ username: 'nobody2fa', password: 'Wrong#Pass2026', code: '123456' }),
    );
    expect(wrongCode).toEqual(wrongPassword);
    expect(wrongCode).toEqual(unknown);
    expect(wrongCode.code).toBe('UNAUTHENTICATED');

    // Clock 02:00:00 → step 59080560 (1772416800 s / 30). The current code logs in…
    const current = codeAt(admin.secret, '2026-03-02T02:00:00Z');
    expect((await login({ username: 'admin2fa', password: admin.password, code: current })).statusCode).toBe(
      200,
    );
    // …once: the same code again is a replay.
    const replay = await login({ username: 'admin2fa', password: admin.password, code: current });
    expect(replay.statusCode).toBe(401);
    expect(errorOf(replay)).toEqual(unknown);
    // The code of the step before is older than one used: refused too.
    const older = codeAt(admin.secret, '2026-03-02T01:59:30Z');
    expect((await login({ username: 'admin2fa', password: admin.password, code: older })).statusCode).toBe(
      401,
    );
    // Two steps ahead (60 s) is outside the ±1 window; one step ahead (30 s) is inside.
    const twoAhead = codeAt(admin.secret, '2026-03-02T02:01:00Z');
    expect((await login({ username: 'admin2fa', password: admin.password, code: twoAhead })).statusCode).toBe(
      401,
    );
    const oneAhead = codeAt(admin.secret, '2026-03-02T02:00:30Z');
    expect((await login({ username: 'admin2fa', password: admin.password, code: oneAhead })).statusCode).toBe(
      200,
    );

    // Wrong codes and wrong passwords share one lockout of 5 failures (each success above reset the count).
    world.clock.set('2026-03-02T03:00:00Z');
    for (const attempt of [
      { password: admin.password, code: '111111' },
      { password: 'Wrong#Pass2026' },
      { password: admin.password, code: '222222' },
      { password: 'Wrong#Pass2026' },
      { password: admin.password, code: '333333' },
    ])
      expect((await login({ username: 'admin2fa', ...attempt })).statusCode).toBe(401);
    // Locked: only the holder of the password learns it, even with the right code.
    const locked = await login({
      username: 'admin2fa',
      password: admin.password,
      code: codeAt(admin.secret, '2026-03-02T03:00:00Z'),
    });
    expect(locked.statusCode).toBe(423);
    expect(errorOf(locked).code).toBe('ACCOUNT_LOCKED');
    // 15 minutes later the right password and a fresh code open it.
    world.clock.set('2026-03-02T03:16:00Z');
    const after = await login({
      username: 'admin2fa',
      password: admin.password,
      code: codeAt(admin.secret, '2026-03-02T03:16:00Z'),
    });
    expect(after.statusCode).toBe(200);
  });

  it('counts parallel wrong codes atomically toward the lockout', async () => {
    world.clock.set('2026-03-03T02:00:00Z');
    const admin = await newAdmin('admin2fb');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        login({ username: 'admin2fb', password: admin.password, code: String(100000 + i) }),
      ),
    );
    // A request that read the account after the lock was set is told of the lock (its password was right).
    const refused = answers.filter((a) => a.statusCode === 401).length;
    expect(refused + answers.filter((a) => a.statusCode === 423).length).toBe(8);
    const [row] = await queryRows<{ failed_attempts: number; locked_until: Date | null }>(
      world.deps.db,
      sql`select failed_attempts, locked_until from users where username = 'admin2fb'`,
    );
    // Every refused code was counted: no failure lost to a read-modify-write race.
    expect(refused).toBeGreaterThanOrEqual(5);
    expect(row.failed_attempts).toBe(refused);
    expect(new Date(row.locked_until as Date).toISOString()).toBe('2026-03-03T02:15:00.000Z');
  });

  it('lets another admin of the region reset a lost second factor, audited; the user binds again', async () => {
    world.clock.set('2026-03-04T02:00:00Z');
    const admin = await newAdmin('admin2fc');
    const own = sessionOf(
      await login({
        username: 'admin2fc',
        password: admin.password,
        code: codeAt(admin.secret, '2026-03-04T02:00:00Z'),
      }),
    );
    expectStatus(await call(own, 'GET', '/api/users'), 200);
    const url = `/api/users/${admin.id}/second-factor/reset`;
    // Not by the user itself, not by a non-admin, not by an admin of another region.
    expect((await call(own, 'POST', url)).statusCode).toBe(403);
    expect((await (await loginAs(world.app, 'caseworker')).post(url)).statusCode).toBe(403);
    expect((await (await loginAs(world.app, 'otherclerk')).post(url)).statusCode).toBe(404);
    // The city admin (the county is in its region) resets it.
    const cityadmin = await loginAs(world.app, 'cityadmin');
    expect(expectStatus(await cityadmin.post(url), 200)).toMatchObject({
      username: 'admin2fc',
      sessionsEnded: 2,
    });
    expect((await call(own, 'GET', '/api/users')).statusCode).toBe(401);
    await sealAuditChain(world.deps);
    const audit = await queryRows<{ actor_user_id: string }>(
      world.deps.db,
      sql`select actor_user_id from audit_log where action = 'auth.second_factor_reset' and entity_id = ${admin.id}`,
    );
    expect(audit).toHaveLength(1);
    const [cityRow] = await queryRows<{ id: string }>(
      world.deps.db,
      sql`select id from users where username = 'cityadmin'`,
    );
    expect(audit[0].actor_user_id).toBe(cityRow.id);
    // The password alone now gives a session that may only bind a new phone.
    const again = await login({ username: 'admin2fc', password: admin.password });
    expect(again.statusCode).toBe(200);
    expect(again.json().mustEnrolSecondFactor).toBe(true);
    expect(errorOf(await call(sessionOf(again), 'GET', '/api/users')).code).toBe(
      'SECOND_FACTOR_ENROLMENT_REQUIRED',
    );
    // The CLI operator's reset (xinfang user reset-2fa) is the same use case without an actor.
    expect(await resetSecondFactor(world.deps, null, admin.id)).toMatchObject({ username: 'admin2fc' });
  });

  it('asks staff for a second factor only where their bureau policy enables it', async () => {
    world.clock.set('2026-03-05T02:00:00Z');
    const staffLogin = async (username: string) => (await login({ username, password: PASSWORD })).json();
    expect(await staffLogin('registrar')).toMatchObject({ mustEnrolSecondFactor: false });
    const countyadmin = await loginAs(world.app, 'countyadmin');
    expectStatus(await countyadmin.patch('/api/settings/policy', { staffSecondFactor: true }), 200);
    // The county bureau's registrar, and the county's departments (they inherit the bureau's policy) must bind…
    for (const username of ['registrar', 'hrss']) {
      const res = await login({ username, password: PASSWORD });
      expect(res.json()).toMatchObject({ mustEnrolSecondFactor: true });
      const blocked = await call(sessionOf(res), 'GET', '/api/petitions');
      expect(blocked.statusCode).toBe(403);
      expect(errorOf(blocked).code).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED');
    }
    // …the city bureau's staff do not.
    expect(await staffLogin('cityworker')).toMatchObject({ mustEnrolSecondFactor: false });
    // The registrar binds a phone; from then on the code is asked for.
    const first = await login({ username: 'registrar', password: PASSWORD });
    const s = sessionOf(first);
    const { secret } = (await call(s, 'POST', '/api/auth/second-factor/setup')).json() as { secret: string };
    expectStatus(
      await call(s, 'POST', '/api/auth/second-factor/confirm', {
        code: codeAt(secret, '2026-03-05T02:00:00Z'),
      }),
      200,
    );
    expectStatus(await call(s, 'GET', '/api/petitions'), 200);
    expect(errorOf(await login({ username: 'registrar', password: PASSWORD })).code).toBe(
      'SECOND_FACTOR_REQUIRED',
    );
    expectStatus(await countyadmin.patch('/api/settings/policy', { staffSecondFactor: false }), 200);
    // Policy off again: staff without a phone log in with the password; a bound phone is still asked for.
    expect(await staffLogin('hrss')).toMatchObject({ mustEnrolSecondFactor: false });
    expect(errorOf(await login({ username: 'registrar', password: PASSWORD })).code).toBe(
      'SECOND_FACTOR_REQUIRED',
    );
  });
});
