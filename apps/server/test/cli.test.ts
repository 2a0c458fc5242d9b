import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../bin/xinfang.mjs');
const run = promisify(execFile);

/** The CLI on an embedded database in a fresh data directory, as a new installation. */
describe('xinfang CLI on a fresh data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xf-cli-'));
  const env = { ...process.env, XINFANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', INIT_CWD: dataDir };
  const xinfang = (...args: string[]) => run('node', [BIN, ...args], { env, timeout: 120_000 });
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
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
      server!.stdout!.on('data', (chunk) => {
        output += chunk;
        const match = /一次性密码 (\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolvePassword(match[1]);
        }
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
});
