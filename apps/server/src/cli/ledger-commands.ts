import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Runtime } from '../runtime.ts';

/** The runtime and each command's modules (exceljs, docx, …) are loaded only when it runs. */
async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  return (await import('./cli-runtime.ts')).withRuntime(fn);
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function registerLedgerCommands(program: Command): void {
  program
    .command('import <file>')
    .description('导入信访台账（.csv 或 .xlsx）：先校验全部行；默认有错则不导入')
    .option('--skip-invalid', '导入有效行，把无效行写入 <file>.rejected.csv')
    .action(async (file: string, opts: { skipInvalid?: boolean }) =>
      withRuntime(async (rt) => {
        const { default: cliProgress } = await import('cli-progress');
        const { homeBureauActor } = await import('./cli-runtime.ts');
        const { importLedger } = await import('../modules/ledger/ledger-import.service.ts');
        const { countLedgerFileRows, readLedgerFile } = await import('../modules/ledger/ledger-reader.ts');
        const actor = await homeBureauActor(rt);
        const tty = process.stderr.isTTY;
        const bar = tty
          ? new cliProgress.SingleBar(
              { format: '{phase} [{bar}] {value} 行' },
              cliProgress.Presets.shades_classic,
            )
          : null;
        let last = 0;
        bar?.start(0, 0, { phase: '校验' });
        const summary = await importLedger(rt.deps, actor, () => readLedgerFile(file), {
          skipInvalid: opts.skipInvalid,
          countRows: () => countLedgerFileRows(file),
          onProgress: ({ phase, done, total }) => {
            const label = phase === 'validate' ? '校验' : '导入';
            if (bar) {
              bar.setTotal(total);
              bar.update(done, { phase: label });
            } else if (done - last >= 10000 || done === total) {
              last = done;
              console.error(`${label} ${done}/${total} 行`);
            }
          },
        });
        bar?.stop();
        for (const r of summary.rejected.slice(0, 200))
          console.error(`第${r.line}行：${r.errors.join('；')}`);
        if (summary.rejected.length > 200) console.error(`……共 ${summary.rejected.length} 行有误`);
        if (!summary.committed) {
          console.error(
            `台账有 ${summary.rejected.length} 行错误，未导入任何数据（可加 --skip-invalid 只导入有效行）`,
          );
          process.exitCode = 1;
          return;
        }
        if (summary.rejected.length > 0) {
          const out = `${file}.rejected.csv`;
          const headers = Object.keys(summary.rejected[0].cells);
          const lines = [
            ['行号', '错误', ...headers].join(','),
            ...summary.rejected.map((r) =>
              [String(r.line), r.errors.join('；'), ...headers.map((h) => r.cells[h] ?? '')]
                .map(csvCell)
                .join(','),
            ),
          ];
          await writeFile(out, `\uFEFF${lines.join('\n')}\n`);
          console.log(`无效行已写入 ${out}`);
        }
        console.log(
          `共 ${summary.total} 行：新增 ${summary.imported}，更新 ${summary.updated}，拒绝 ${summary.rejected.length}`,
        );
        const { categories, units, regions } = summary.created;
        if (categories.length) console.log(`新建内容分类：${categories.join('、')}`);
        if (units.length) console.log(`新建单位：${units.join('、')}`);
        if (regions.length) console.log(`新建行政区划：${regions.join('、')}`);
      }),
    );

  program
    .command('export')
    .description('导出信访台账 .xlsx（与导入相同的列）')
    .requiredOption('--from <date>', '开始日期 YYYY-MM-DD')
    .requiredOption('--to <date>', '结束日期 YYYY-MM-DD')
    .requiredOption('--out <file>', '输出文件 .xlsx')
    .action(async (opts: { from: string; to: string; out: string }) =>
      withRuntime(async (rt) => {
        const { exportLedger } = await import('../modules/ledger/ledger-export.service.ts');
        const result = await exportLedger(rt.deps, null, opts, createWriteStream(opts.out));
        console.log(`已导出 ${result.rows} 件到 ${opts.out}`);
      }),
    );

  program
    .command('ranking')
    .description('责任单位排名（周、月、半年、年度），权重见 /api/settings/policy 的 rankingWeights')
    .option('--period <period>', 'week | month | half | year', 'month')
    .option('--date <date>', '所在期间的任一日期，默认今天')
    .option('--format <format>', 'text | json', 'text')
    .action(async (opts: { period: 'week' | 'month' | 'half' | 'year'; date?: string; format: string }) =>
      withRuntime(async (rt) => {
        if (!['week', 'month', 'half', 'year'].includes(opts.period))
          throw new Error('--period 应为 week、month、half 或 year');
        const { unitRanking } = await import('../modules/statistics/ranking.service.ts');
        const ranking = await unitRanking(rt.deps, null, { period: opts.period, date: opts.date });
        if (opts.format === 'json') {
          console.log(JSON.stringify(ranking, null, 2));
          return;
        }
        const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
        console.log(`责任单位排名（${ranking.from} 至 ${ranking.to}）`);
        console.log('名次\t得分\t件数\t及时受理\t按期办结\t参评\t满意\t退回\t单位');
        for (const u of ranking.units) {
          console.log(
            [
              u.rank,
              u.score,
              u.cases,
              pct(u.timelyAcceptance),
              pct(u.onTimeConclusion),
              pct(u.evaluationParticipation),
              pct(u.satisfaction),
              u.bounces,
              u.unit,
            ].join('\t'),
          );
        }
      }),
    );

  program
    .command('report')
    .description('统计报表：json | text（半年总结统计段落）| xlsx | docx')
    .requiredOption('--from <date>', '开始日期 YYYY-MM-DD')
    .requiredOption('--to <date>', '结束日期 YYYY-MM-DD')
    .option('--region <code>', '行政区划代码')
    .option('--unit <id>', '责任单位编号')
    .option('--format <format>', 'json | text | xlsx | docx', 'json')
    .option('--out <file>', '输出文件（xlsx/docx 必填）')
    .action(
      async (opts: {
        from: string;
        to: string;
        region?: string;
        unit?: string;
        format: string;
        out?: string;
      }) =>
        withRuntime(async (rt) => {
          const { statisticsReport } = await import('../modules/statistics/statistics.service.ts');
          const { renderNarrative } = await import('../domain/statistics/narrative.ts');
          const report = await statisticsReport(rt.deps, null, {
            from: opts.from,
            to: opts.to,
            regionCode: opts.region,
            unitId: opts.unit,
          });
          const write = async (content: string | Buffer) =>
            opts.out ? writeFile(opts.out, content) : process.stdout.write(content);
          if (opts.format === 'json') await write(`${JSON.stringify(report, null, 2)}\n`);
          else if (opts.format === 'text') await write(`${renderNarrative(report).text}\n`);
          else if (opts.format === 'xlsx' || opts.format === 'docx') {
            if (!opts.out) throw new Error(`--format ${opts.format} 需要 --out 文件`);
            const { todayIn } = await import('../deps.ts');
            const { reportXlsx } = await import('../modules/statistics/report-xlsx.ts');
            const { reportDocx } = await import('../modules/statistics/report-docx.ts');
            const asOf = todayIn(rt.deps.now());
            await writeFile(
              opts.out,
              opts.format === 'xlsx' ? await reportXlsx(report, asOf) : await reportDocx(report, asOf),
            );
            console.log(`已生成 ${opts.out}`);
          } else throw new Error(`未知格式：${opts.format}`);
        }),
    );
}
