import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, loginAs } from './helpers/api.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

const HEADER = '编号,登记日期,信访形式,信访人,人数,内容分类,诉求内容,办理状态';
/** 1,200 valid rows, then one with an impossible date on line 1202 (the header is line 1). */
const VALID = Array.from(
  { length: 1200 },
  (_, i) => `P-${String(i).padStart(4, '0')},2026-03-01,来访,测试人${i},1,其他,反映第${i}件问题,登记`,
);
const INVALID = 'P-BAD,2026-13-40,来访,错日期,1,其他,日期错误的一行,登记';

type Event = { event: string; data: Record<string, unknown> };

/** Parses a text/event-stream body into its events, in order. */
function events(body: string): Event[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as Record<string, unknown>;
      return { event, data };
    });
}

/** The ledger import streamed as server-sent events: progress of both passes, then the result. */
describe.each(DRIVERS)('ledger import progress [%s]', (driver) => {
  let world: World;
  let caseworker: Client;

  beforeAll(async () => {
    world = await buildWorld(driver);
    caseworker = await loginAs(world.app, 'caseworker', { now: () => world.clock.now });
  }, 120_000);
  afterAll(() => world.close());

  const upload = (lines: string[], skipInvalid: boolean, accept = 'text/event-stream') => {
    const boundary = '----progress';
    const csv = `${[HEADER, ...lines].join('\n')}\n`;
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="台账.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const { cookie, csrf } = caseworker.session();
    return world.app.inject({
      method: 'POST',
      url: `/api/ledger/import?skipInvalid=${skipInvalid}`,
      headers: {
        cookie: `xf_session=${cookie}`,
        'x-csrf-token': csrf,
        accept,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
  };

  it('reports the validation row by row and the write pass step by step, then ends with the result', async () => {
    const res = await upload([...VALID, INVALID], true);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const all = events(res.body);
    const progress = all.filter((e) => e.event === 'progress').map((e) => e.data);
    // Validation reports every 250 rows of the 1,201, then the end of the pass.
    expect(progress.filter((p) => p.phase === 'validate')).toEqual([
      { phase: 'validate', done: 250, total: 1201 },
      { phase: 'validate', done: 500, total: 1201 },
      { phase: 'validate', done: 750, total: 1201 },
      { phase: 'validate', done: 1000, total: 1201 },
      { phase: 'validate', done: 1201, total: 1201, step: '校验并暂存' },
    ]);
    // Writing the 1,200 staged rows set-based: five steps (fewer than 50,000 new rows: no search-index rebuild).
    expect(progress.filter((p) => p.phase === 'import')).toEqual([
      { phase: 'import', done: 1, total: 5, step: '比对已有编号' },
      { phase: 'import', done: 2, total: 5, step: '更新已有事项' },
      { phase: 'import', done: 3, total: 5, step: '信访事项' },
      { phase: 'import', done: 4, total: 5, step: '信访人与时间线' },
      { phase: 'import', done: 5, total: 5, step: '可见范围' },
    ]);
    const last = all.at(-1);
    expect(last?.event).toBe('result');
    expect(last?.data).toMatchObject({ total: 1201, imported: 1200, updated: 0, committed: true });
    const rejected = last?.data.rejected as Array<{ line: number; errors: string[] }>;
    expect(rejected.map((r) => r.line)).toEqual([1202]);
    expect(rejected[0].errors.join('')).toContain('登记日期');
  });

  it('imports nothing from a file with an error unless asked to skip: validation only, then the result', async () => {
    const res = await upload([...VALID.slice(0, 10), INVALID], false);
    const all = events(res.body);
    expect(all.map((e) => e.event)).toEqual(['progress', 'result']);
    expect(all[0].data).toEqual({ phase: 'validate', done: 11, total: 11, step: '校验并暂存' });
    expect(all[1].data).toMatchObject({ total: 11, imported: 0, committed: false });
  });

  it('ends the stream with an error event carrying the code and a Chinese message', async () => {
    const res = await upload(['P-X,2026-03-01,来访,"未闭合的引号,1,其他,内容,登记'], true);
    expect(res.statusCode).toBe(200);
    const last = events(res.body).at(-1);
    expect(last?.event).toBe('error');
    expect(last?.data.code).toBe('VALIDATION_FAILED');
    expect(String(last?.data.message)).toMatch(/台账文件无法读取/);
  });

  it('still answers plain JSON to a client that does not ask for events', async () => {
    const res = await upload(VALID.slice(0, 3), true, 'application/json');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ total: 3, imported: 0, updated: 3, committed: true });
  });
});
