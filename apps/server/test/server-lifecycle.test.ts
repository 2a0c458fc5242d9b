import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../bin/xinfang.mjs');
/** Only there to end a hung process: a busy machine makes these tests slower, never red. */
const PATIENCE_MS = 10 * 60_000;

type Finished = { code: number | null; stdout: string; stderr: string };

function runCli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Finished> {
  return new Promise((done) => {
    execFile('node', [BIN, ...args], { env, timeout: PATIENCE_MS }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: number }).code ?? 1) : 0;
      done({ code: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `xinfang serve` and resolves once it says it has started (or rejects when it exits). */
function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn('node', [BIN, 'serve'], { env });
  let output = '';
  child.stdout?.on('data', (c) => {
    output += c;
  });
  child.stderr?.on('data', (c) => {
    output += c;
  });
  return new Promise((done, fail) => {
    child.once('exit', (code) => fail(new Error(`server exited (${code}):\n${output}`)));
    const check = setInterval(() => {
      if (output.includes('xinfang 已启动')) {
        clearInterval(check);
        done({ child, output: () => output });
      }
    }, 50);
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });

describe('one owner per data directory, and a clean server lifecycle', { timeout: PATIENCE_MS }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xf-owner-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('refuses a second server and CLI writes on a data directory in use, naming the running server', async () => {
    const port = await freePort();
    const env = { ...process.env, XINFANG_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
    const first = await startServer(env);
    children.push(first.child);
    const lock = JSON.parse(readFileSync(join(dataDir, 'xinfang.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: first.child.pid, url: `http://127.0.0.1:${port}` });

    const second = await runCli({ ...env, PORT: String(await freePort()) }, 'serve');
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('正由另一个 xinfang 进程使用');
    expect(second.stderr).toContain(`进程号 ${first.child.pid}`);
    expect(second.stderr).toContain(`http://127.0.0.1:${port}`);

    const userAdd = await runCli(
      env,
      'user',
      'add',
      'late',
      '--name',
      '后来者',
      '--unit',
      'x',
      '--roles',
      'registrar',
    );
    expect(userAdd.code).not.toBe(0);
    expect(userAdd.stdout).not.toContain('已创建用户');
    expect(userAdd.stderr).toContain('正由另一个 xinfang 进程使用');

    // The server still serves: nothing of it was disturbed.
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

    // SIGTERM: it finishes, releases the directory and exits 0 promptly.
    const started = Date.now();
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    const stopMs = Date.now() - started;
    console.info(`SIGTERM → exit in ${stopMs} ms`);
    expect(existsSync(join(dataDir, 'xinfang.lock'))).toBe(false);
  });

  it('a crashed owner (kill -9) leaves no stuck lock: the next start takes over', async () => {
    const env = {
      ...process.env,
      XINFANG_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    const crashed = await startServer(env);
    children.push(crashed.child);
    crashed.child.kill('SIGKILL');
    await exited(crashed.child);
    expect(existsSync(join(dataDir, 'xinfang.lock'))).toBe(true);
    const migrate = await runCli(env, 'migrate');
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('数据库已是最新');
    expect(existsSync(join(dataDir, 'xinfang.lock'))).toBe(false);
  });

  it('a port already in use: exits non-zero at once with a Chinese message, leaving the directory free', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((done) =>
      blocker.listen(0, '127.0.0.1', () => {
        const address = blocker.address();
        done(typeof address === 'object' && address ? address.port : 0);
      }),
    );
    try {
      const env = { ...process.env, XINFANG_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
      const result = await runCli(env, 'serve');
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`端口 ${port}`);
      expect(result.stderr).toContain('已被占用');
      expect(existsSync(join(dataDir, 'xinfang.lock'))).toBe(false);
    } finally {
      blocker.close();
    }
  });
});
