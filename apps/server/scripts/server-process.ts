/** The real xinfang server as a child process, for crash, concurrency and load scripts. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { nextUsableStep, totpCodeForStep } from '../src/modules/auth/totp.ts';

export const BIN = join(resolve(import.meta.dirname, '..'), 'bin/xinfang.mjs');
export const ADMIN_PASSWORD = 'Crash#Test2026x';

/** A new empty database on the PostgreSQL server at `url`; returns its URL. */
export async function scratchDatabase(url: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return scratch.toString();
}

/** The environment of an instance: its data dir, port, the first admin's password, the database. */
export function serverEnv(options: {
  dataDir: string;
  port: number;
  databaseUrl?: string;
}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  return {
    ...env,
    XINFANG_DATA_DIR: options.dataDir,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    XINFANG_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  };
}

export class ServerProcess {
  private child: ChildProcess | null = null;
  readonly base: string;

  constructor(readonly env: NodeJS.ProcessEnv) {
    this.base = `http://127.0.0.1:${env.PORT}`;
  }

  /** The running process's id (for its memory figures), or null when stopped. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.base}/api/health`)).ok;
    } catch {
      return false;
    }
  }

  /** Starts `xinfang serve` and waits (however long a busy machine takes) until it answers. */
  async start(limitMs = 300_000): Promise<void> {
    this.child = spawn(process.execPath, [BIN, 'serve'], {
      env: this.env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const deadline = Date.now() + limitMs;
    while (!(await this.healthy())) {
      if (Date.now() > deadline) throw new Error(`服务未能在 ${limitMs / 1000} 秒内启动`);
      if (this.child.exitCode !== null) throw new Error(`服务启动失败，退出码 ${this.child.exitCode}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** kill -9: no chance to finish anything. */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(sig);
    await exited;
    this.child = null;
  }
}

export type Session = { cookie: string; csrf: string };

/** The admin's phone: the second-factor secret bound at the first sign-in, and the last step whose code was used. */
const phones = new Map<string, { secret: string; lastStep: number | null }>();

/** The next code the phone shows that the server has not seen yet (each code is accepted once: wait for a new one). */
async function nextCode(phone: { secret: string; lastStep: number | null }): Promise<string> {
  for (;;) {
    const step = nextUsableStep(phone.lastStep, new Date());
    if (step !== null) {
      phone.lastStep = step;
      return totpCodeForStep(phone.secret, step);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function postJson(base: string, path: string, body: unknown, session?: Session): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** Binds the admin's second factor on its first sign-in (admins must have one), as the person would. */
async function enrol(base: string, key: string, session: Session): Promise<void> {
  const setup = await postJson(base, '/api/auth/second-factor/setup', {}, session);
  if (!setup.ok) throw new Error(`登录失败：绑定动态验证码 ${setup.status} ${await setup.text()}`);
  const phone = { secret: ((await setup.json()) as { secret: string }).secret, lastStep: null };
  const confirm = await postJson(
    base,
    '/api/auth/second-factor/confirm',
    { code: await nextCode(phone) },
    session,
  );
  if (!confirm.ok) throw new Error(`登录失败：确认动态验证码 ${confirm.status} ${await confirm.text()}`);
  phones.set(key, phone);
}

/**
 * Signs in as the first admin, waiting for the server while it is down; the second step with the code of the
 * admin's phone (bound at the first sign-in).
 */
export async function signIn(base: string, username = 'admin', password = ADMIN_PASSWORD): Promise<Session> {
  const key = `${base} ${username}`;
  for (;;) {
    try {
      const phone = phones.get(key);
      const code = phone ? await nextCode(phone) : undefined;
      const res = await postJson(base, '/api/auth/login', { username, password, code });
      if (res.ok) {
        const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
        const body = (await res.json()) as { csrfToken: string; mustEnrolSecondFactor: boolean };
        const session = { cookie, csrf: body.csrfToken };
        if (body.mustEnrolSecondFactor) await enrol(base, key, session);
        return session;
      }
      if (res.status < 500) throw new Error(`登录失败：${res.status} ${await res.text()}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('登录失败')) throw error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A JSON request with the session's cookie and CSRF token. */
export function call(
  base: string,
  session: Session,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${base}${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(init.headers ?? {}),
    },
  });
}
