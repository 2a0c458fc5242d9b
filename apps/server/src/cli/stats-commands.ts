import type { Command } from 'commander';
import { isIsoDate } from '../domain/calendar/iso-date.ts';
import type { Runtime } from '../runtime.ts';

/** Loads the runtime and the rollup's module only when a stats command runs (the CLI opens fast). */
async function withRollup(
  fn: (rt: Runtime, rollup: typeof import('../modules/statistics/stat-rollup.repo.ts')) => Promise<void>,
): Promise<void> {
  const [{ withRuntime }, rollup] = await Promise.all([
    import('./cli-runtime.ts'),
    import('../modules/statistics/stat-rollup.repo.ts'),
  ]);
  await withRuntime((rt) => fn(rt, rollup));
}

export function registerStatsCommands(program: Command): void {
  const stats = program.command('stats').description('统计日汇总表');
  stats
    .command('rebuild')
    .description('按信访件重新计算统计日汇总表（默认全部日期；修复或核对用，期间登记和办理稍候）')
    .option('--from <date>', '只重算该登记日期（YYYY-MM-DD）及以后')
    .action(async (opts: { from?: string }) => {
      if (opts.from !== undefined && !isIsoDate(opts.from)) {
        console.error('--from 日期格式应为 YYYY-MM-DD');
        process.exitCode = 1;
        return;
      }
      await withRollup(async (rt, { rebuildRollup }) => {
        const started = performance.now();
        await rebuildRollup(rt.deps.db, opts.from);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `统计日汇总表已重算（${opts.from ? `${opts.from} 起` : '全部日期'}），用时 ${seconds} 秒`,
        );
      });
    });
  stats
    .command('compact')
    .description('合并统计日汇总表中新追加的行（服务运行时每分钟自动执行）')
    .action(async () =>
      withRollup(async (rt, { compactRollup }) => {
        await compactRollup(rt.deps.db);
        console.log('统计日汇总表已合并');
      }),
    );
}
