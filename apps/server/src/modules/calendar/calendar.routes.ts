import {
  CalendarImportedSchema,
  CalendarOverrideRemovedSchema,
  CalendarOverrideSetSchema,
  CalendarYearSchema,
  IsoDateSchema,
} from '@xinfang/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/auth-hook.ts';
import {
  importCalendarYear,
  loadCalendarOf,
  removeCalendarOverride,
  setCalendarOverride,
} from './calendar.service.ts';

const admin = { access: { roles: ['admin'] as const } };

export function calendarRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/calendar/:year',
    {
      schema: {
        tags: ['工作日历'],
        summary: '某年的工作日历（本局适用）',
        params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: CalendarYearSchema },
      },
    },
    async (req) => {
      const calendar = await loadCalendarOf(deps.db, actorOf(req).unitId);
      const days = [];
      for (
        let d = new Date(Date.UTC(req.params.year, 0, 1));
        d.getUTCFullYear() === req.params.year;
        d.setUTCDate(d.getUTCDate() + 1)
      ) {
        days.push(calendar.dayInfo(d.toISOString().slice(0, 10)));
      }
      return { year: req.params.year, hasData: calendar.hasDataFor(req.params.year), days };
    },
  );
  r.put(
    '/api/calendar/overrides/:date',
    {
      schema: {
        tags: ['工作日历'],
        summary: '本局调整某日为工作日或休息日（下级继承）',
        params: z.object({ date: IsoDateSchema }),
        body: z.object({ kind: z.enum(['workday', 'holiday']), name: z.string().max(50).optional() }),
        response: { 200: CalendarOverrideSetSchema },
      },
      config: admin,
    },
    async (req) => setCalendarOverride(deps, actorOf(req), { date: req.params.date, ...req.body }),
  );
  r.delete(
    '/api/calendar/overrides/:date',
    {
      schema: {
        tags: ['工作日历'],
        summary: '取消调整',
        params: z.object({ date: IsoDateSchema }),
        response: { 200: CalendarOverrideRemovedSchema },
      },
      config: admin,
    },
    async (req) => removeCalendarOverride(deps, actorOf(req), req.params.date),
  );
  r.post(
    '/api/calendar/import',
    {
      schema: {
        tags: ['工作日历'],
        summary: '导入某年国家节假日安排（最上级管理员，全体继承）',
        body: z.object({ text: z.string().min(1).max(200000) }),
        response: { 200: CalendarImportedSchema },
      },
      config: admin,
    },
    async (req) => importCalendarYear(deps, actorOf(req), req.body.text),
  );
}
