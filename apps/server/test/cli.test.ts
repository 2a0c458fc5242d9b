import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';

const BIN = resolve(import.meta.dirname, '../bin/xinfang.mjs');
const run = promisify(execFile);

/** The CLI on an embedded database in a fresh data directory, as a new installation. */
// Each step spawns the CLI (a fresh Node process compiling TypeScript): slow on a loaded machine, so a generous limit.
describe('xinfang CLI on a fresh data directory', { timeout: 240_000 }, () => {
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
