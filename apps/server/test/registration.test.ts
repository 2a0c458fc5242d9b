import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { command, detail, register, registration } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { multipart, PNG } from './helpers/uploads.ts';
import { buildWorld, type World } from './helpers/world.ts';

/** A minimal valid PNG (1×1). */
describe.each(DRIVERS)('registration, attachments, calendar [%s]', (driver) => {
  let world: World;
  let registrar: Client;
  let caseworker: Client;
  let admin: Client;
  let hrss: Client;

  beforeAll(async () => {
    world = await buildWorld(driver, { checkpointDir: mkdtempSync(join(tmpdir(), 'xf-data-')) });
    const now = () => world.clock.now;
    [registrar, caseworker, admin, hrss] = await Promise.all(
      ['registrar', 'caseworker', 'countyadmin', 'hrss'].map((u) => loginAs(world.app, u, { now })),
    );
  });
  afterAll(async () => world?.close());

  it('registers every channel with case numbers, collective flag and query credentials', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const channels = ['visit', 'letter', 'online', 'phone', 'mailbox'] as const;
    const results = [];
    for (const channel of channels) results.push(await register(registrar, { channel }));
    const numbers = results.map((r) => Number(r.caseNo.split('-')[2]));
    expect(new Set(numbers).size).toBe(5);
    for (const r of results) {
      expect(r.queryCode).toMatch(/^[2-9A-Z]{12}$/);
      expect(r.querySecret).toMatch(/^[2-9A-Z]{8}$/);
    }
    const collective = await register(registrar, { persons: 5 });
    const individual = await register(registrar, { persons: 4 });
    expect((await detail(caseworker, collective.id)).isCollective).toBe(true);
    expect((await detail(caseworker, individual.id)).isCollective).toBe(false);
    // A joint letter of many names is no visit, so no 集体访 (the threshold counts people at a visit).
    const jointLetter = await register(registrar, { channel: 'letter', persons: 12 });
    expect((await detail(caseworker, jointLetter.id)).isCollective).toBe(false);
    // A leader receives visits: a letter naming one is refused, naming the field; a visit keeps it.
    const leaderOnLetter = await registrar.post(
      '/api/petitions',
      registration({ channel: 'letter', leaderName: '赵县长' }),
    );
    expect(leaderOnLetter.statusCode).toBe(400);
    expect(leaderOnLetter.json().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: '接访领导：只适用于来访，来信、网上信访、电话和领导信箱不是领导接访',
      details: {
        fields: [
          {
            field: 'leaderName',
            label: '接访领导',
            message: '只适用于来访，来信、网上信访、电话和领导信箱不是领导接访',
          },
        ],
      },
    });
    const received = await register(registrar, { leaderName: '赵县长' });
    expect((await detail(caseworker, received.id)).leaderName).toBe('赵县长');
    const several = await register(registrar, {
      petitioners: [
        { name: '王建国', idNumber: '11010519491231002X' },
        { name: '李桂英', phone: '13800000000' },
      ],
    });
    const d = await detail(caseworker, several.id);
    expect(d.persons).toBe(2);
    expect(d.petitioners).toEqual([
      { name: '王建国', idNumber: '1101**********002X', phone: null, address: null },
      { name: '李桂英', idNumber: null, phone: '138****0000', address: null },
    ]);
  });

  it('is idempotent with an Idempotency-Key: a retried registration is not registered twice', async () => {
    const before = expectStatus(await caseworker.get('/api/petitions?pageSize=1'), 200).total as number;
    const send = () =>
      world.app.inject({
        method: 'POST',
        url: '/api/petitions',
        headers: {
          cookie: `xf_session=${registrar.session().cookie}`,
          'x-csrf-token': registrar.session().csrf,
          'idempotency-key': 'retry-7f3a',
        },
        payload: registration(),
      });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(a.json().id).toBe(b.json().id);
    const after = expectStatus(await caseworker.get('/api/petitions?pageSize=1'), 200).total as number;
    expect(after).toBe(before + 1);
  });

  it('stores attachments with sniffed types and size limits, within scope', async () => {
    const p = await register(registrar);
    const png = multipart('现场照片.png', PNG);
    const res = await world.app.inject({
      method: 'POST',
      url: `/api/petitions/${p.id}/attachments`,
      headers: {
        ...png.headers,
        cookie: `xf_session=${registrar.session().cookie}`,
        'x-csrf-token': registrar.session().csrf,
      },
      payload: png.payload,
    });
    const created = expectStatus(res, 201);
    expect(created).toMatchObject({ contentType: 'image/png', size: PNG.length, fileName: '现场照片.png' });
    const download = await caseworker.get(`/api/petitions/${p.id}/attachments/${created.id}`);
    expect(download.statusCode).toBe(200);
    expect(Buffer.compare(download.rawPayload, PNG)).toBe(0);

    const upload = async (name: string, content: Buffer) => {
      const m = multipart(name, content);
      return world.app.inject({
        method: 'POST',
        url: `/api/petitions/${p.id}/attachments`,
        headers: {
          ...m.headers,
          cookie: `xf_session=${registrar.session().cookie}`,
          'x-csrf-token': registrar.session().csrf,
        },
        payload: m.payload,
      });
    };
    // An executable renamed to .pdf is refused by its content.
    const exe = await upload('材料.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]));
    expect(exe.statusCode).toBe(415);
    const big = await upload('大文件.txt', Buffer.alloc(2 * 1024 * 1024, 0x41));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const listed = expectStatus(
      await caseworker.get(`/api/petitions/${p.id}/attachments`),
      200,
    ) as unknown as unknown[];
    expect(listed).toHaveLength(1);
    // Not routed to hrss: the attachment is out of its scope.
    expect((await hrss.get(`/api/petitions/${p.id}/attachments/${created.id}`)).statusCode).toBe(404);
  });

  it('warns about years without holiday data and recomputes open deadlines when a year is imported', async () => {
    world.clock.set('2026-12-21T02:00:00Z');
    const p = await register(registrar, { content: '反映年底农民工工资拖欠问题，请求尽快协调解决。' });
    await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    let d = await detail(caseworker, p.id);
    // 第二十三条: 15 calendar days from Mon 2026-12-21 end Tue 2027-01-05, a year chinese-days lacks.
    expect(d.deadlineWarnings).toEqual([
      expect.objectContaining({ code: 'CALENDAR_YEAR_MISSING', year: 2027 }),
    ]);
    expect(d.deadline!.dueOn).toBe('2027-01-05');
    const explained = expectStatus(await caseworker.get(`/api/petitions/${p.id}/deadline`), 200);
    expect((explained.explanation as string[]).join('\n')).toContain('2027年节假日安排尚未导入');

    const schedule = [
      '# 2027年部分节假日安排（测试用）',
      '2027-01-01,holiday,元旦',
      '2027-01-05,holiday,测试休息日',
    ].join('\n');
    // The national schedule is imported once, by the top-level bureau's admin; a county admin may not.
    const county = await admin.post('/api/calendar/import', { text: schedule });
    expect(county.statusCode).toBe(403);
    const cityAdmin = await loginAs(world.app, 'cityadmin', { now: () => world.clock.now });
    const imported = expectStatus(await cityAdmin.post('/api/calendar/import', { text: schedule }), 200);
    expect(imported).toMatchObject({ year: 2027, entries: 2 });
    expect(imported.deadlinesMoved as number).toBeGreaterThanOrEqual(1);
    d = await detail(caseworker, p.id);
    expect(d.deadlineWarnings).toEqual([]);
    expect(d.deadline!.dueOn).toBe('2027-01-06'); // 01-05 is now a rest day: the next working day

    // A county adjustment applies to the county's cases.
    const override = expectStatus(
      await admin.put('/api/calendar/overrides/2027-01-06', { kind: 'holiday', name: '本地调休' }),
      200,
    );
    expect(override.deadlinesMoved as number).toBeGreaterThanOrEqual(1);
    expect((await detail(caseworker, p.id)).deadline!.dueOn).toBe('2027-01-07');
    expectStatus(await admin.del('/api/calendar/overrides/2027-01-06'), 200);
    expect((await detail(caseworker, p.id)).deadline!.dueOn).toBe('2027-01-06');

    const bad = await cityAdmin.post('/api/calendar/import', {
      text: '2027-02-30,holiday,x\n2027-03-01,rest,y',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields).toHaveLength(2);
  });

  it('finds petitions by Chinese words (bigram full-text), case number and petitioner name', async () => {
    const p = await register(registrar, {
      petitioners: [{ name: '欧阳明远' }],
      content: '反映城关镇某物流园区长期拖欠农民工工资，涉及二十余人。',
    });
    const search = async (q: string) =>
      (
        expectStatus(await caseworker.get(`/api/petitions?pageSize=200&q=${encodeURIComponent(q)}`), 200)
          .items as Array<{ id: string }>
      ).map((i) => i.id);
    expect(await search('农民工工资')).toContain(p.id);
    expect(await search('物流园区')).toContain(p.id);
    expect(await search('欠薪')).not.toContain(p.id);
    expect(await search('欧阳明远')).toContain(p.id);
    expect(await search(p.caseNo)).toEqual([p.id]);
    expect(await search('涉')).toContain(p.id); // one character: substring search
  });

  it('finds a petition whose search vector only the database can build (a word of 2,047 bytes)', async () => {
    // searchVectorLiteral gives none for such a word: the writer sends the search document instead.
    const p = await register(registrar, { content: `反映码头堆场扬尘污染 ${'b'.repeat(2047)} 附录` });
    const ids = expectStatus(
      await caseworker.get(`/api/petitions?pageSize=200&q=${encodeURIComponent('扬尘污染')}`),
      200,
    ).items as Array<{ id: string }>;
    expect(ids.map((i) => i.id)).toContain(p.id);
  });

  it('shows near-due and overdue on lists', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const p = await register(registrar);
    await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    world.clock.set('2026-03-15T02:00:00Z');
    let d = await detail(caseworker, p.id);
    expect(d.deadline).toMatchObject({ dueOn: '2026-03-17', status: 'near_due', daysLeft: 2 });
    world.clock.set('2026-03-18T02:00:00Z');
    d = await detail(caseworker, p.id);
    expect(d.deadline).toMatchObject({ status: 'overdue', daysLeft: -1 });
    const list = expectStatus(await caseworker.get('/api/petitions?state=transferred&pageSize=200'), 200);
    const item = (list.items as Array<{ id: string; deadline: { status: string } }>).find(
      (i) => i.id === p.id,
    );
    expect(item?.deadline.status).toBe('overdue');
  });

  it('lets admins edit units and categories, and refuses a confidential report routed to the accused unit', async () => {
    const unit = expectStatus(
      await admin.post('/api/units', {
        name: '兰考县市场监督管理局',
        kind: 'department',
        regionCode: '410225',
      }),
      201,
    );
    expectStatus(await admin.patch(`/api/units/${unit.id}`, { name: '兰考县市场监管局' }), 200);
    const tree = expectStatus(await admin.get('/api/categories'), 200) as unknown as Array<{
      id: string;
      name: string;
      children: unknown[];
    }>;
    const labour = tree.find((c) => c.name === '劳动和社会保障')!;
    const child = expectStatus(
      await admin.post('/api/categories', { name: '欠薪', parentId: labour.id }),
      201,
    );
    const third = await admin.post('/api/categories', { name: '三级', parentId: child.id as string });
    expect(third.statusCode).toBe(400);
    expect(
      (await caseworker.post('/api/units', { name: 'x', kind: 'department', regionCode: '410225' }))
        .statusCode,
    ).toBe(403);

    const report = await register(registrar, {
      purpose: 'report',
      accusedUnitId: world.units.housing.id,
      content: '举报县住建局某工作人员在保障房分配中收受好处费。',
    });
    const d = await detail(caseworker, report.id);
    expect(d.confidential).toBe(true);
    const res = await caseworker.post(`/api/petitions/${report.id}/triage`, {
      version: d.version,
      kind: 'assign',
      unitId: world.units.housing.id,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONFIDENTIALITY_CONFLICT');
    expect((await detail(caseworker, report.id)).version).toBe(d.version);
  });
});
