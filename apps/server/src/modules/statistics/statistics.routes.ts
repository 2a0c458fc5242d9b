import { PassThrough } from 'node:stream';
import {
  DeadlinesByUnitSchema,
  IsoDateSchema,
  type LedgerImportProgress,
  LedgerImportResultSchema,
  RegionBreakdownSchema,
  StatisticsReportSchema,
  UnitRankingSchema,
} from '@xinfang/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { renderNarrative } from '../../domain/statistics/narrative.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { DOCX_TYPE, fileResponse, sendDownload, XLSX_TYPE } from '../../http/download.ts';
import { replyWithEvents, wantsEventStream } from '../../http/event-stream.ts';
import { exportLedger } from '../ledger/ledger-export.service.ts';
import { importLedger } from '../ledger/ledger-import.service.ts';
import { countLedgerBufferRows, readLedgerBuffer } from '../ledger/ledger-reader.ts';
import { deadlinesByUnit, regionBreakdown } from './breakdown.service.ts';
import { unitRanking } from './ranking.service.ts';
import { reportDocx } from './report-docx.ts';
import { reportXlsx } from './report-xlsx.ts';
import { statisticsReport } from './statistics.service.ts';
import { unstorableText, unstorableTextError } from '../../http/input-guard.ts';

const ReportQuery = z.object({
  from: IsoDateSchema,
  to: IsoDateSchema,
  region: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
  unit: z.uuid().optional(),
  format: z.enum(['json', 'text', 'xlsx', 'docx']).default('json'),
});

export function statisticsRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/statistics/report',
    {
      schema: {
        tags: ['统计'],
        summary: '统计报表（json、text、xlsx、docx）',
        querystring: ReportQuery,
        response: {
          200: {
            description: '按 format：json 为报表数据，text 为文字说明，xlsx 为统计表，docx 为统计情况文稿',
            content: {
              'application/json': { schema: StatisticsReportSchema },
              'text/plain': { schema: z.string() },
              [XLSX_TYPE]: { schema: fileResponse('', XLSX_TYPE).content[XLSX_TYPE].schema },
              [DOCX_TYPE]: { schema: fileResponse('', DOCX_TYPE).content[DOCX_TYPE].schema },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const report = await statisticsReport(deps, actorOf(req), {
        from: q.from,
        to: q.to,
        regionCode: q.region,
        unitId: q.unit,
      });
      const asOf = todayIn(deps.now());
      if (q.format === 'text')
        return reply.type('text/plain; charset=utf-8').send(renderNarrative(report).text);
      if (q.format === 'xlsx')
        return sendDownload(reply, {
          contentType: XLSX_TYPE,
          fileName: `统计报表-${q.from}-${q.to}.xlsx`,
          content: await reportXlsx(report, asOf),
        });
      if (q.format === 'docx')
        return sendDownload(reply, {
          contentType: DOCX_TYPE,
          fileName: `统计情况-${q.from}-${q.to}.docx`,
          content: await reportDocx(report, asOf),
        });
      return reply.type('application/json; charset=utf-8').send(report);
    },
  );
  r.get(
    '/api/statistics/deadlines-by-unit',
    {
      schema: {
        tags: ['统计'],
        summary: '各单位超期、临期件数（点击数字可查看对应信访事项）',
        response: { 200: DeadlinesByUnitSchema },
      },
    },
    async (req) => deadlinesByUnit(deps, actorOf(req)),
  );
  r.get(
    '/api/statistics/regions',
    {
      schema: {
        tags: ['统计'],
        summary: '按下级行政区划统计登记件数（可逐级下钻）',
        querystring: z.object({
          from: IsoDateSchema,
          to: IsoDateSchema,
          region: z
            .string()
            .regex(/^\d{6,12}$/, '行政区划代码应为6至12位数字')
            .optional(),
        }),
        response: { 200: RegionBreakdownSchema },
      },
    },
    async (req) => regionBreakdown(deps, actorOf(req), req.query),
  );
  r.get(
    '/api/statistics/ranking',
    {
      schema: {
        tags: ['统计'],
        summary: '责任单位排名',
        querystring: z.object({
          period: z.enum(['week', 'month', 'half', 'year']).default('month'),
          date: IsoDateSchema.optional(),
        }),
        response: { 200: UnitRankingSchema },
      },
    },
    async (req) => unitRanking(deps, actorOf(req), req.query),
  );
  r.get(
    '/api/ledger/export',
    {
      schema: {
        tags: ['台账'],
        summary: '导出台账 .xlsx',
        querystring: z.object({ from: IsoDateSchema, to: IsoDateSchema }),
        response: { 200: fileResponse('信访台账 .xlsx', XLSX_TYPE) },
      },
    },
    async (req, reply) => {
      const stream = new PassThrough();
      const done = exportLedger(deps, actorOf(req), req.query, stream);
      done.catch((error) => stream.destroy(error));
      return sendDownload(reply, {
        contentType: XLSX_TYPE,
        fileName: `信访台账-${req.query.from}-${req.query.to}.xlsx`,
        content: stream,
      });
    },
  );
  r.post(
    '/api/ledger/import',
    {
      schema: {
        tags: ['台账'],
        summary:
          '导入台账（multipart 字段 file，.csv 或 .xlsx）；Accept: text/event-stream 时以服务器推送事件返回进度（progress：校验与写入的行数/总行数），最后为 result 或 error',
        querystring: z.object({ skipInvalid: z.enum(['true', 'false']).default('false') }),
        response: { 200: LedgerImportResultSchema },
      },
      config: { access: { roles: ['caseworker', 'admin'] }, upload: true },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (actor.unitKind !== 'bureau') throw new AppError('FORBIDDEN', '只有信访部门可以导入台账');
      if (!req.isMultipart())
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传台账文件');
      const file = await req.file({ limits: { fileSize: 200 * 1024 * 1024 } });
      if (!file)
        throw new AppError('VALIDATION_FAILED', '缺少台账文件', {
          fields: [{ field: 'file', message: '缺少台账文件' }],
        });
      const buffer = await file.toBuffer();
      const nameProblem = unstorableText(file.filename);
      if (nameProblem) throw unstorableTextError(['filename'], nameProblem);
      if (!/\.(csv|xlsx)$/i.test(file.filename))
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', '台账文件须为 .csv 或 .xlsx');
      const run = async (onProgress?: (p: LedgerImportProgress) => void) => {
        const summary = await importLedger(deps, actor, () => readLedgerBuffer(buffer, file.filename), {
          skipInvalid: req.query.skipInvalid === 'true',
          onProgress,
          countRows: () => countLedgerBufferRows(buffer, file.filename),
        });
        return {
          total: summary.total,
          imported: summary.imported,
          updated: summary.updated,
          committed: summary.committed,
          rejected: summary.rejected.map(({ line, errors }) => ({ line, errors })),
        };
      };
      if (wantsEventStream(req))
        return replyWithEvents(req, reply, (send) => run((p) => send('progress', p)));
      return run();
    },
  );
}
