import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds a data directory: written into `xinfang.lock` by its owner. */
export type LockOwner = { pid: number; host: string; command: string; startedAt: string; url?: string };

export type DataDirLock = {
  file: string;
  /** Records where the owner serves, so the error a second process gets can name it. */
  describe: (url: string) => void;
  release: () => void;
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** The Chinese error a second process gets, naming the running owner. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    const where = owner.url ? `，地址 ${owner.url}` : '';
    super(
      `数据目录 ${dataDir} 正由另一个 xinfang 进程使用（进程号 ${owner.pid}，命令 ${owner.command}${where}，` +
        `启动于 ${owner.startedAt}）。嵌入式数据库只能由一个进程打开：请先停止该进程，` +
        '或在服务运行时通过网页或接口操作。',
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * One owner per PGlite data directory. The lock file is created exclusively (O_EXCL) and holds
 * the owner's pid; a lock whose process is gone (a crash, kill -9) is stale and taken over, so a
 * crashed owner never leaves the directory stuck. The owner removes it when it closes.
 */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'xinfang.lock');
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    command,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
      };
      process.once('exit', release);
      return {
        file,
        describe: (url) => {
          const fdUpdate = openSync(file, 'w', 0o600);
          writeSync(fdUpdate, JSON.stringify({ ...owner, url }));
          closeSync(fdUpdate);
        },
        release,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readOwner(file);
      if (current && current.pid !== process.pid && (current.host !== owner.host || alive(current.pid)))
        throw new DataDirInUseError(dataDir, current);
      if (!current && attempt === 0) {
        // Being written by a process that just created it: look again before calling it stale.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        const again = readOwner(file);
        if (again && alive(again.pid)) throw new DataDirInUseError(dataDir, again);
      }
      rmSync(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`无法锁定数据目录 ${dataDir}`);
}
