import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Role } from '@xinfang/contract';
import { Role as RoleSchema } from '@xinfang/contract';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import type { Runtime } from '../runtime.ts';
import { registerStatsCommands } from './stats-commands.ts';
import { registerLedgerCommands } from './ledger-commands.ts';

/**
 * Each command loads what it needs when it runs (dynamic import): `xinfang help` or `user list`
 * never loads Fastify, the job runner, exceljs or docx (see docs/benchmarks.md, CLI start).
 */
async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  return (await import('./cli-runtime.ts')).withRuntime(fn);
}

/** How long a graceful stop may take before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 10_000;

export function registerCommands(program: Command): void {
  program
    .command('serve')
    .description('启动服务（首次启动自动建库并创建管理员）')
    .action(async () => {
      const config = loadConfig();
      const [{ openRuntime }, { ensureFirstStart }, { buildApp }, { startJobRunner }] = await Promise.all([
        import('../runtime.ts'),
        import('../bootstrap.ts'),
        import('../app.ts'),
        import('../jobs/job-runner.ts'),
      ]);
      const rt = await openRuntime(config, { command: 'xinfang serve' });
      const first = await ensureFirstStart(rt.deps, config);
      const app = await buildApp({
        deps: rt.deps,
        logger: { level: config.logLevel },
        cookieSecure: config.cookieSecure,
      });
      try {
        await app.listen({ port: config.port, host: config.host });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        await app.close();
        await rt.database.close();
        if (code === 'EADDRINUSE')
          throw new Error(
            `端口 ${config.port}（${config.host}）已被占用：请停止占用该端口的程序，或用 PORT 指定其他端口`,
          );
        if (code === 'EACCES') throw new Error(`没有权限监听端口 ${config.port}：请使用 1024 以上的端口`);
        throw error;
      }
      const url = `http://${config.host}:${config.port}`;
      rt.lock?.describe(url);
      const stopJobs = startJobRunner(rt.deps, (msg, err) => app.log.error({ err }, msg));
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        // A last resort: whatever hangs, the process is gone within SHUTDOWN_LIMIT_MS.
        setTimeout(() => {
          console.error('停止超时，强制退出');
          process.exit(1);
        }, SHUTDOWN_LIMIT_MS).unref();
        app.log.info({ signal }, '正在停止：不再接受新请求，等待处理中的请求完成');
        // Stop accepting and let in-flight requests finish; the job runner stops after its batch.
        await Promise.all([app.close(), stopJobs()]);
        await rt.database.close();
        console.log('xinfang 已停止');
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      const where = config.databaseUrl ? 'PostgreSQL' : `PGlite（数据目录 ${config.dataDir}）`;
      console.log(`\nxinfang 已启动：${url}  接口文档：/api/docs  数据库：${where}`);
      if (first?.oneTimePassword) {
        console.log(
          `\n首次启动已创建管理员：用户名 ${first.adminUsername}  一次性密码 ${first.oneTimePassword}`,
        );
        console.log('（仅显示这一次；首次登录后须修改密码）\n');
      }
    });

  program
    .command('migrate')
    .description('执行数据库迁移')
    .action(async () => {
      const { openRuntime } = await import('../runtime.ts');
      const rt = await openRuntime(loadConfig());
      console.log(rt.applied.length ? `已执行迁移：${rt.applied.join(', ')}` : '数据库已是最新');
      await rt.database.close();
    });

  program
    .command('demo')
    .description('载入演示县数据（单位、各角色用户、约300件各状态信访事项）')
    .option('--count <n>', '信访事项数量', '300')
    .action(async (opts: { count: string }) =>
      withRuntime(async (rt) => {
        const { loadDemo } = await import('./demo.ts');
        const summary = await loadDemo(rt.deps, { count: Number(opts.count) });
        console.log(summary);
      }),
    );

  const user = program.command('user').description('用户管理');
  user
    .command('list')
    .description('列出用户（用户名、姓名、角色、状态）')
    .action(async () =>
      withRuntime(async (rt) => {
        const { listUsers } = await import('../modules/auth/auth.repo.ts');
        for (const u of await listUsers(rt.deps.db))
          console.log([u.username, u.displayName, u.roles.join(','), u.active ? '启用' : '停用'].join('\t'));
      }),
    );
  user
    .command('add <username>')
    .description('新增用户，打印一次性密码')
    .requiredOption('--name <displayName>', '姓名')
    .requiredOption('--unit <unitName>', '所属单位名称')
    .requiredOption('--roles <roles>', `角色，逗号分隔：${RoleSchema.options.join(',')}`)
    .option('--pii', '允许查看个人信息明文')
    .action(async (username: string, opts: { name: string; unit: string; roles: string; pii?: boolean }) =>
      withRuntime(async (rt) => {
        const { findUnitByName } = await import('../modules/reference/reference.repo.ts');
        const { createUser } = await import('../modules/admin/users.service.ts');
        const unit = await findUnitByName(rt.deps.db, opts.unit);
        if (!unit) throw new Error(`单位不存在：${opts.unit}`);
        const roles = opts.roles.split(',').map((r) => RoleSchema.parse(r.trim())) as Role[];
        const created = await createUser(rt.deps, null, {
          username,
          displayName: opts.name,
          unitId: unit.id,
          roles,
          canViewPersonalData: opts.pii ?? false,
        });
        console.log(`已创建用户 ${created.username}，一次性密码：${created.oneTimePassword}`);
      }),
    );

  user
    .command('reset-2fa <username>')
    .description('重置用户的动态验证码（手机丢失时）；用户下次登录时重新绑定')
    .action(async (username: string) =>
      withRuntime(async (rt) => {
        const { findUserByUsername } = await import('../modules/auth/auth.repo.ts');
        const { resetSecondFactor } = await import('../modules/auth/second-factor.service.ts');
        const found = await findUserByUsername(rt.deps.db, username);
        if (!found) throw new Error(`用户不存在：${username}`);
        const done = await resetSecondFactor(rt.deps, null, found.id);
        console.log(`已重置用户 ${done.username} 的动态验证码，结束其会话 ${done.sessionsEnded} 个`);
      }),
    );

  const calendar = program.command('calendar').description('工作日历');
  calendar
    .command('import <file>')
    .description('导入某年国务院办公厅公布的节假日安排（每行：日期,holiday|workday,名称）')
    .action(async (file: string) =>
      withRuntime(async (rt) => {
        // The installation's operator imports the national schedule for every bureau.
        const { importCalendarYear } = await import('../modules/calendar/calendar.service.ts');
        const result = await importCalendarYear(rt.deps, null, await readFile(file, 'utf8'));
        console.log(
          `已导入 ${result.year} 年节假日安排 ${result.entries} 条，重算期限 ${result.deadlinesMoved} 件`,
        );
      }),
    );

  const regions = program.command('regions').description('行政区划');
  regions
    .command('load <file>')
    .description('导入行政区划代码表（每行：代码,名称 或 代码<TAB>名称）')
    .action(async (file: string) =>
      withRuntime(async (rt) => {
        const { loadRegions } = await import('../modules/reference/reference.service.ts');
        const rows = (await readFile(file, 'utf8'))
          .replace(/^\uFEFF/, '')
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter((l) => /^\d{6}/.test(l))
          .map((l) => {
            const [code, ...rest] = l.split(/[,\t ]+/);
            return { code, name: rest.join('') };
          });
        console.log(`已导入 ${await loadRegions(rt.deps, null, rows)} 个行政区划`);
      }),
    );

  const keys = program.command('keys').description('个人信息加密密钥');
  keys
    .command('rotate')
    .description('生成新密钥并设为当前密钥，分批重新加密全部个人信息（旧密钥保留以便解密）')
    .action(async () => {
      const config = loadConfig();
      if (config.masterKeys) {
        throw new Error(
          '密钥来自环境变量：请在 XINFANG_MASTER_KEYS 中加入新密钥并设置 XINFANG_ACTIVE_KEY_ID，再运行 xinfang keys reencrypt',
        );
      }
      const file = config.keyFile ?? join(config.dataDir, 'keys.json');
      const { loadCryptoDeps } = await import('../crypto/crypto-deps.ts');
      const { addActiveKey } = await import('../crypto/key-file.ts');
      const { reencryptPersonalData } = await import('../modules/admin/key-rotation.service.ts');
      loadCryptoDeps(config); // a fresh embedded install gets its key file here
      const id = addActiveKey(file);
      await withRuntime(async (rt) => {
        const result = await reencryptPersonalData(rt.deps);
        console.log(
          `新密钥 ${id} 已启用；扫描 ${result.scanned} 名信访人，重新加密 ${result.reencrypted} 条`,
        );
      });
    });
  keys
    .command('reencrypt')
    .description('把仍使用旧密钥的个人信息改用当前密钥加密（可重复执行）')
    .action(async () =>
      withRuntime(async (rt) => {
        const { reencryptPersonalData } = await import('../modules/admin/key-rotation.service.ts');
        const result = await reencryptPersonalData(rt.deps);
        console.log(`扫描 ${result.scanned} 名信访人，重新加密 ${result.reencrypted} 条`);
      }),
    );

  const audit = program.command('audit').description('审计日志');
  audit
    .command('verify')
    .description('校验审计日志哈希链，报告第一处被修改、插入或删除的记录')
    .option('--archives [dir]', '同时校验归档文件（默认目录：检查点目录下的 audit-archive），即整条链')
    .action(async (opts: { archives?: string | true }) =>
      withRuntime(async (rt) => {
        const { defaultArchiveDir } = await import('../modules/audit/audit-archive.ts');
        const { verifyAuditChain } = await import('../modules/audit/audit.service.ts');
        const archivesDir =
          opts.archives === undefined
            ? undefined
            : opts.archives === true
              ? defaultArchiveDir(rt.deps)
              : resolve(opts.archives);
        const result = await verifyAuditChain(rt.deps, { archivesDir });
        console.log(JSON.stringify(result, null, 2));
        if (!result.ok) process.exitCode = 2;
      }),
    );

  audit
    .command('archive')
    .description(
      '把截止日期之前的审计记录移入归档文件（gzip + 签名清单）并从数据库删除；须早于六个月前（网络安全法第二十一条）',
    )
    .requiredOption('--before <date>', '截止日期 YYYY-MM-DD（北京时间当日零点之前的记录）')
    .option('--dir <dir>', '归档目录（默认：检查点目录下的 audit-archive）')
    .action(async (opts: { before: string; dir?: string }) =>
      withRuntime(async (rt) => {
        const { defaultArchiveDir } = await import('../modules/audit/audit-archive.ts');
        const { archiveAuditLog } = await import('../modules/audit/audit-archive.service.ts');
        const dir = opts.dir ? resolve(opts.dir) : defaultArchiveDir(rt.deps);
        const manifest = await archiveAuditLog(rt.deps, { before: opts.before, dir });
        console.log(
          manifest
            ? `已归档审计记录 #${manifest.firstSeq} 至 #${manifest.lastSeq}（${manifest.entryCount} 条）到 ${join(dir, manifest.fileName)}；请连同清单文件妥善保存`
            : `没有 ${opts.before} 之前的审计记录需要归档`,
        );
      }),
    );

  audit
    .command('checkpoint')
    .description('把审计日志当前的条数与末条哈希签名写入数据目录的检查点文件（服务运行时每分钟自动写入）')
    .action(async () =>
      withRuntime(async (rt) => {
        const { writeAuditCheckpoint } = await import('../modules/audit/audit-checkpoint.ts');
        const checkpoint = await writeAuditCheckpoint(rt.deps);
        console.log(
          checkpoint ? `已写入检查点 #${checkpoint.seq} ${checkpoint.hash}` : '审计日志没有新记录，无需写入',
        );
      }),
    );

  program
    .command('backup <file>')
    .description('备份全部数据（数据库一致快照、附件、审计检查点、所需密钥编号；密钥本身请另行保管）')
    .action(async (file: string) =>
      withRuntime(async (rt) => {
        const { backupTo } = await import('../modules/backup/backup.service.ts');
        const summary = await backupTo(rt.deps, file);
        const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
        console.log(
          `已备份到 ${file}：${Object.keys(summary.tables).length} 张表 ${rows} 行，附件 ${summary.attachments} 个`,
        );
      }),
    );
  program
    .command('restore <file>')
    .description('把备份恢复到空实例（新的数据目录或空数据库；需要备份来源的密钥）')
    .action(async (file: string) =>
      withRuntime(async (rt) => {
        const { restoreFrom } = await import('../modules/backup/backup.service.ts');
        const summary = await restoreFrom(rt.deps, file);
        const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
        console.log(
          `已从 ${file} 恢复：${rows} 行，附件 ${summary.attachments} 个。请运行 xinfang audit verify 核对审计日志`,
        );
      }),
    );

  registerLedgerCommands(program);
  registerStatsCommands(program);

  program
    .command('help')
    .description('显示帮助')
    .action(() => program.help());
}
