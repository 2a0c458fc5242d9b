import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { call, signIn } from '../scripts/server-process.ts';

const BIN = resolve(import.meta.dirname, '../bin/xinfang.mjs');
const run = promisify(execFile);

/**
 * The CLI on an embedded database in a fresh data directory, as a new installation. Every step
 * waits for its command to finish or for the server to say it is ready: a busy machine makes
 * these tests slower, never red (the limits below are only there to end a hung process).
 */
const PATIENCE_MS = 10 * 60_000;

describe('xinfang CLI on a fresh data directory', { timeout: PATIENCE_MS }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xf-cli-'));
  const env = { ...process.env, XINFANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', INIT_CWD: dataDir };
  const xinfang = (...args: string[]) => run('node', [BIN, ...args], { env, timeout: PATIENCE_MS });
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill('SIGTERM'));

  it('prints help listing every command', async () => {
    const { stdout } = await xinfang('help');
    for (const name of ['serve', 'migrate', 'demo', 'user', 'calendar', 'audit'])
      expect(stdout).toContain(name);
  });

  it('serve: first start creates an admin, prints a one-time password, serves /api/health and a login', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    server = spawn('node', [BIN, 'serve'], { env: { ...env, PORT: String(port) } });
    let output = '';
    const password = await new Promise<string>((resolvePassword, reject) => {
      server!.once('exit', (code) => reject(new Error(`server exited (${code}) before start:\n${output}`)));
      server!.stdout!.on('data', (chunk) => {
        output += chunk;
        const match = /一次性密码 (\S+)/.exec(output);
        if (match) resolvePassword(match[1]);
      });
      server!.stderr!.on('data', (chunk) => {
        output += chunk;
      });
    });
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ mustChangePassword: true, user: { username: 'admin' } });
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(await metrics.text()).toContain('xinfang_http_request_duration_seconds');
    const docs = await fetch(`http://127.0.0.1:${port}/api/docs/json`);
    expect(docs.status).toBe(200);
    const openapi = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain('/api/petitions/{id}/request-review');
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    server = undefined;
  });

  it('migrate, user add, calendar import and audit verify work on the same data', async () => {
    expect((await xinfang('migrate')).stdout).toContain('数据库已是最新');
    const added = await xinfang(
      'user',
      'add',
      'clerk01',
      '--name',
      '窗口登记员',
      '--unit',
      '兰考县信访局',
      '--roles',
      'registrar',
    );
    expect(added.stdout).toMatch(/一次性密码：\S{10,}/);
    const file = join(dataDir, '2027.csv');
    writeFileSync(file, '2027-01-01,holiday,元旦\n2027-02-06,holiday,春节\n2027-02-20,workday,春节调休\n');
    expect((await xinfang('calendar', 'import', file)).stdout).toContain('已导入 2027 年节假日安排 3 条');
    const verified = await xinfang('audit', 'verify');
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });

  it('imports a ledger (refusing an invalid one), reports, exports and ranks', async () => {
    const bad = join(dataDir, 'bad.csv');
    writeFileSync(
      bad,
      '登记日期,信访形式,信访人,内容分类,诉求内容\n2026-03-01,来访,甲,其他,反映问题\n2026-13-01,传真,乙,其他,反映问题\n',
    );
    const refused = (await xinfang('import', bad).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    )) as { code: number; stderr: string };
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('第3行');
    const skipped = await xinfang('import', bad, '--skip-invalid');
    expect(skipped.stdout).toContain('新增 1');
    expect(readFileSync(`${bad}.rejected.csv`, 'utf8')).toContain('信访形式');
    const text = await xinfang('report', '--from', '2026-01-01', '--to', '2026-06-30', '--format', 'text');
    expect(text.stdout).toContain('共接待各类群众来信来访1批1人次');
    const json = JSON.parse((await xinfang('report', '--from', '2026-01-01', '--to', '2026-06-30')).stdout);
    expect(json.total).toEqual({ batches: 1, persons: 1 });
    const out = join(dataDir, 'report.docx');
    await xinfang('report', '--from', '2026-01-01', '--to', '2026-06-30', '--format', 'docx', '--out', out);
    expect(existsSync(out)).toBe(true);
    await xinfang(
      'export',
      '--from',
      '2026-01-01',
      '--to',
      '2026-12-31',
      '--out',
      join(dataDir, 'ledger.xlsx'),
    );
    expect(existsSync(join(dataDir, 'ledger.xlsx'))).toBe(true);
    expect((await xinfang('ranking', '--period', 'year', '--date', '2026-03-01')).stdout).toContain(
      '责任单位排名',
    );
  });

  it('loads a division list and rotates the personal-data key', async () => {
    const regions = join(dataDir, 'regions.txt');
    writeFileSync(regions, '410221,杞县\n410221100,城关镇\n');
    expect((await xinfang('regions', 'load', regions)).stdout).toContain('已导入 2 个行政区划');
    const rotated = await xinfang('keys', 'rotate');
    expect(rotated.stdout).toMatch(/新密钥 \S+ 已启用/);
    const keyFile = JSON.parse(readFileSync(join(dataDir, 'keys.json'), 'utf8'));
    expect(Object.keys(keyFile.keys)).toHaveLength(2);
    expect(JSON.parse((await xinfang('audit', 'verify')).stdout)).toMatchObject({ ok: true });
  });

  it('audit verify names an audit row altered directly in the database', async () => {
    const database = await openDatabase({ driver: 'pglite', dataDir: join(dataDir, 'pgdata') });
    await database.db.execute(sql`update audit_log set action = 'forged' where seq = 3`);
    await database.close();
    const result = (await xinfang('audit', 'verify').then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => e,
    )) as { code: number; stdout: string };
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'altered' });
  });
});

describe('xinfang demo before the first start', { timeout: PATIENCE_MS }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xf-demo-'));
  const env = { ...process.env, XINFANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', INIT_CWD: dataDir };
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill('SIGTERM'));

  it('leaves an admin who can sign in, and prints each account with roles, unit and Chinese states', async () => {
    const { stdout } = await run('node', [BIN, 'demo', '--count', '12'], { env, timeout: PATIENCE_MS });
    // The accounts: username, name, roles in Chinese, unit.
    expect(stdout).toMatch(/^\s+admin\s+系统管理员\s+管理员\s+兰考县信访局$/m);
    expect(stdout).toMatch(/^\s+dengji\s+李登记\s+登记员\s+兰考县信访局$/m);
    expect(stdout).toMatch(/^\s+jiwei\s+吴纪委\s+责任单位、业务科\s+兰考县纪委监委$/m);
    expect(stdout).toContain('演示账号（密码均为 Demo#Xinfang2026）');
    // State names in Chinese only: the summary line lists 12 cases by their Chinese state.
    const summary = stdout.split('\n').find((l) => l.startsWith('演示数据已载入'));
    expect(summary).toMatch(/12 件信访事项（.+）/);
    expect(summary).not.toMatch(/[a-z_]{4,}/);

    const port = 20000 + Math.floor(Math.random() * 20000);
    let output = '';
    server = spawn('node', [BIN, 'serve'], { env: { ...env, PORT: String(port) } });
    server.stdout!.on('data', (chunk) => {
      output += chunk;
    });
    server.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    await new Promise<void>((ready, fail) => {
      server!.once('exit', (code) => fail(new Error(`server exited (${code}):\n${output}`)));
      const poll = setInterval(() => {
        if (output.includes('xinfang 已启动')) {
          clearInterval(poll);
          ready();
        }
      }, 200);
    });
    // The demo's admin is the installation's admin: no second one is made with a one-time password.
    expect(output).not.toContain('一次性密码');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Demo#Xinfang2026', issueToken: true }),
    });
    expect(login.status).toBe(200);
    const body = (await login.json()) as { user: { roles: string[] }; mustEnrolSecondFactor: boolean };
    expect(body.user.roles).toContain('admin');
    // An admin binds a second factor before anything else (等保 2.0 level 3); then the admin works.
    expect(body.mustEnrolSecondFactor).toBe(true);
    const base = `http://127.0.0.1:${port}`;
    const session = await signIn(base, 'admin', 'Demo#Xinfang2026');
    const users = await call(base, session, '/api/users');
    expect(users.status).toBe(200);
    // Ten accounts; the county admin manages the nine of the county (周市局 is the city's).
    const usernames = ((await users.json()) as Array<{ username: string }>).map((u) => u.username);
    expect(usernames).toHaveLength(9);
    expect(usernames).not.toContain('shiju');
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    server = undefined;
  });
});
