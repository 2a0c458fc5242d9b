import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAuditChain } from '../src/modules/audit/audit.service.ts';
import { queryRows } from '../src/db/client.ts';
import { readDocxText } from '../src/modules/documents/read-docx.ts';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { command, detail, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { PNG, uploadAttachment } from './helpers/uploads.ts';
import { buildWorld, type World } from './helpers/world.ts';

// Every date below is hand-computed from the 2026 national schedule: 春节 02-15..02-23 (调休
// Sat 02-14, Sat 02-28), 清明 04-04..04-06, 劳动节 05-01..05-05.

const REPLY = {
  outcome: 'reject',
  request: '请求撤销解除劳动合同决定',
  facts: '经查，单位解除劳动合同程序合法',
  reasons: '解除理由符合劳动合同约定',
  basis: '《中华人民共和国劳动合同法》第三十九条',
};
const DECISION = {
  outcome: 'uphold',
  facts: '原意见认定事实清楚',
  reasons: '适用依据正确',
  basis: '《信访工作条例》',
};

describe.each(DRIVERS)('the 信访工作条例, exactly [%s]', (driver) => {
  let world: World;
  let c: Record<string, Client>;

  beforeAll(async () => {
    world = await buildWorld(driver);
    const now = () => world.clock.now;
    const names = [
      'registrar',
      'caseworker',
      'hrss',
      'hrss2',
      'hrsshead',
      'countygov',
      'citygov',
      'cityworker',
    ];
    c = Object.fromEntries(
      await Promise.all(names.map(async (n) => [n, await loginAs(world.app, n, { now })])),
    );
    for (const admin of ['countyadmin', 'otherclerk', 'cityadmin'])
      c[admin] = await loginAs(world.app, admin, { now });
  });
  afterAll(async () => world?.close());

  const at = (day: string) => world.clock.set(`${day}T02:00:00Z`);
  const text = async (client: Client, id: string, docId: string, suffix = '') => {
    const res = await client.get(`/api/petitions/${id}/documents/${docId}${suffix}`);
    expect(res.statusCode).toBe(200);
    return readDocxText(res.rawPayload);
  };
  const docOf = async (id: string, kind: string) =>
    (await detail(c.caseworker, id)).documents.filter((d) => d.kind === kind).at(-1)!;
  const deliver = (client: Client, id: string, documentId: string, deliveredOn: string, extra = {}) =>
    command(client, id, 'record-delivery', { documentId, method: 'in_person', deliveredOn, ...extra });

  /** A matter replied by the county 人社局 on `day`, the reply delivered the next day. */
  async function repliedByHrss(day: string, deliveredOn: string | null) {
    at(day);
    const p = await register(c.registrar, { purpose: 'appeal' });
    await command(c.caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    await command(c.hrss, p.id, 'sign');
    await command(c.hrss, p.id, 'accept');
    await command(c.hrss, p.id, 'reply', REPLY);
    if (deliveredOn) {
      at(deliveredOn);
      await deliver(c.hrss, p.id, (await docOf(p.id, 'reply')).id, deliveredOn);
    }
    return p;
  }

  it('review by the organ one level up, never by the same organ; a hearing pauses 复核', async () => {
    const p = await repliedByHrss('2026-01-05', '2026-01-06');
    at('2026-01-10');
    const ask = async (organId: string) => {
      const current = await detail(c.caseworker, p.id);
      return c.caseworker.post(`/api/petitions/${p.id}/request-review`, {
        version: current.version,
        reason: '不服处理意见',
        organId,
      });
    };
    // The 人社局 reviewing its own opinion: refused, naming the right organs (第三十五条).
    const self = await ask(world.units.hrss.id);
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('REVIEW_ORGAN_CONFLICT');
    expect(self.json().error.message).toContain('兰考县人民政府');
    expect(self.json().error.message).toContain('开封市人力资源和社会保障局');
    // An organ that is not above it: refused too.
    const sideways = await ask(world.units.housing.id);
    expect(sideways.statusCode).toBe(409);
    expect(sideways.json().error.message).toContain('不是兰考县人力资源和社会保障局的上一级机关');
    expectStatus(await ask(world.units.countyGov.id), 200);

    at('2026-02-09');
    await command(c.countygov, p.id, 'decide-review', DECISION);
    const review = await docOf(p.id, 'review');
    const reviewText = await text(c.countygov, p.id, review.id);
    expect(reviewText).toContain('兰考县人民政府');
    expect(reviewText).toContain('向开封市人民政府请求复核');
    expect(reviewText).not.toContain('委托录入');
    at('2026-02-10');
    await deliver(c.countygov, p.id, review.id, '2026-02-10');

    // 第三十六条: 30 days from receipt on 02-10 → Thu 03-12; a request on 03-02 is in time.
    at('2026-03-02');
    const again = await detail(c.caseworker, p.id);
    const same = await c.caseworker.post(`/api/petitions/${p.id}/request-re-review`, {
      version: again.version,
      reason: '不服复查意见',
      organId: world.units.countyGov.id,
    });
    expect(same.statusCode).toBe(409);
    expect(same.json().error.message).toContain('开封市人民政府');
    await command(c.caseworker, p.id, 'request-re-review', {
      reason: '不服复查意见',
      organId: world.units.cityGov.id,
    });
    // 复核 30 days from Mon 03-02 → Wed 04-01.
    expect((await detail(c.citygov, p.id)).deadline?.dueOn).toBe('2026-04-01');
    at('2026-03-18');
    const minutes = expectStatus(
      await uploadAttachment(world.app, c.citygov, p.id, '听证笔录.png', PNG),
      201,
    ) as { id: string };
    await command(c.citygov, p.id, 'record-hearing', {
      startOn: '2026-03-16',
      endOn: '2026-03-18',
      place: '开封市人民政府信访听证室',
      participants: '信访人、县人社局、县政府、听证员三名',
      minutesAttachmentId: minutes.id,
    });
    // 3 hearing days not counted: 03-02 + 33 = Sat 04-04 (清明) → Tue 04-07.
    const paused = await detail(c.citygov, p.id);
    expect(paused.deadline?.dueOn).toBe('2026-04-07');
    expect(paused.hearings).toEqual([
      expect.objectContaining({ startOn: '2026-03-16', endOn: '2026-03-18' }),
    ]);
    const explained = expectStatus(await c.citygov.get(`/api/petitions/${p.id}/deadline`), 200);
    expect((explained.explanation as string[]).join('\n')).toContain('听证所需时间不计入 3 日');

    await command(c.citygov, p.id, 'decide-re-review', DECISION);
    await command(c.cityworker, p.id, 'finalize', { resolved: false, resolutionNote: '信访人仍坚持原诉求' });
    const done = await detail(c.caseworker, p.id);
    expect(done.state).toBe('final');
    expect(done.documents.map((d) => d.kind)).toEqual([
      'transfer',
      'acceptance',
      'reply',
      'review',
      're_review',
    ]);
    const reReview = done.documents.find((d) => d.kind === 're_review') as unknown as {
      id: string;
      issuerUnitName: string;
    };
    expect(reReview.issuerUnitName).toBe('开封市人民政府');
    expect(await text(c.caseworker, p.id, reReview.id)).toContain('不再受理');
  });

  it('an undelivered reply keeps the review window closed but not started; delivery starts it', async () => {
    const p = await repliedByHrss('2026-03-02', null);
    let d = await detail(c.caseworker, p.id);
    expect(d.stage).toBe('review_window');
    expect(d.deadline).toMatchObject({ status: 'not_started', dueOn: null });
    expect(d.deliveryLabel).toBe('待送达');
    expect(d.pendingDeliveries).toBe(2); // 受理告知书 and 处理意见书
    const explained = expectStatus(await c.caseworker.get(`/api/petitions/${p.id}/deadline`), 200);
    expect(explained.notStarted).toBe(true);
    expect((explained.explanation as string[]).join('')).toContain('处理意见书待送达');
    const pending = expectStatus(
      await c.caseworker.get('/api/petitions?pendingDelivery=true&pageSize=200'),
      200,
    );
    expect((pending.items as Array<{ id: string }>).map((i) => i.id)).toContain(p.id);

    // Recorded late with its true date; never ahead, never before the notice was made.
    at('2026-03-10');
    const reply = await docOf(p.id, 'reply');
    const bad = async (body: Record<string, unknown>, field: string) => {
      const current = await detail(c.hrss, p.id);
      const res = await c.hrss.post(`/api/petitions/${p.id}/record-delivery`, {
        version: current.version,
        documentId: reply.id,
        ...body,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields[0].field).toBe(field);
    };
    await bad({ method: 'in_person', deliveredOn: '2026-03-11' }, 'deliveredOn');
    await bad({ method: 'in_person', deliveredOn: '2026-03-01' }, 'deliveredOn');
    await bad({ method: 'post', deliveredOn: '2026-03-04' }, 'trackingNo');
    await bad({ method: 'in_person', deliveredOn: '2026-02-30' }, 'deliveredOn');
    await deliver(c.hrss, p.id, reply.id, '2026-03-04', { method: 'post', trackingNo: '1178420309912' });
    d = await detail(c.caseworker, p.id);
    // 第三十五条: 30 days from receipt on Wed 03-04 → Fri 04-03 (清明 starts the next day).
    expect(d.deadline).toMatchObject({ dueOn: '2026-04-03' });
    expect(d.replyServedOn).toBe('2026-03-04');
    expect(d.pendingDeliveries).toBe(1);
    expect(d.timeline.at(-1)).toMatchObject({
      action: 'recordDelivery',
      data: { deliveredOn: '2026-03-04', recordedLate: true, method: 'post' },
    });
    await sealAuditChain(world.deps); // entries are linked into the chain by the sealer
    const audited = await queryRows<{ n: number }>(
      world.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'petition.recordDelivery' and entity_id = ${p.id}`,
    );
    expect(audited[0].n).toBe(1);
    const twice = await c.hrss.post(`/api/petitions/${p.id}/record-delivery`, {
      version: d.version,
      documentId: reply.id,
      method: 'in_person',
      deliveredOn: '2026-03-05',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('ALREADY_DELIVERED');

    // The 送达回执 of every notice to the petitioner, filled with the delivery once recorded.
    const receipt = await text(c.hrss, p.id, reply.id, '/receipt');
    expect(receipt).toContain('送达回执');
    expect(receipt).toContain((reply as unknown as { documentNo: string }).documentNo);
    expect(receipt).toContain('邮寄送达');
    // Signed receipt scanned back: attached to the delivery of the 受理告知书.
    const acceptance = await docOf(p.id, 'acceptance');
    const scan = expectStatus(await uploadAttachment(world.app, c.hrss, p.id, '回执.png', PNG), 201) as {
      id: string;
    };
    await deliver(c.hrss, p.id, acceptance.id, '2026-03-05', { receiptAttachmentId: scan.id });
    d = await detail(c.caseworker, p.id);
    expect(d.pendingDeliveries).toBe(0);
    expect(d.deliveryLabel).toBeNull();
    const docs = d.documents as unknown as Array<{ kind: string; delivery: Record<string, unknown> | null }>;
    expect(docs.find((x) => x.kind === 'acceptance')?.delivery).toMatchObject({
      status: 'delivered',
      receiptAttachmentId: scan.id,
    });
    expect(docs.find((x) => x.kind === 'transfer')?.delivery).toBeNull();

    // The evaluation window runs from delivery too: day 16 after 03-04 is past its 15 days.
    at('2026-03-20');
    const late = await c.caseworker.post(`/api/petitions/${p.id}/evaluate`, {
      version: d.version,
      result: 'satisfied',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('WINDOW_CLOSED');

    // The review window binds the petitioner, not the organ: open on 04-03 (its last day) and
    // closed on 04-06, it is never a unit's 临期 or 超期 (queues, the lists' deadline filter).
    const listed = async (client: typeof c.caseworker, query: string) =>
      (
        expectStatus(await client.get(`/api/petitions?${query}&pageSize=200`), 200).items as Array<{
          id: string;
        }>
      ).map((i) => i.id);
    at('2026-04-03');
    expect((await detail(c.caseworker, p.id)).deadline).toEqual({
      status: 'normal',
      daysLeft: 0,
      dueOn: '2026-04-03',
      owner: 'petitioner',
    });
    for (const client of [c.caseworker, c.hrss])
      expect(await listed(client, 'queue=near_due')).not.toContain(p.id);
    at('2026-04-06');
    expect((await detail(c.caseworker, p.id)).deadline).toEqual({
      status: 'closed',
      daysLeft: -3,
      dueOn: '2026-04-03',
      owner: 'petitioner',
    });
    for (const client of [c.caseworker, c.hrss]) {
      expect(await listed(client, 'queue=overdue')).not.toContain(p.id);
      expect(await listed(client, 'deadline=overdue')).not.toContain(p.id);
    }
  });

  it("a 复查 running late is the 复查 organ's 超期, not the handler's", async () => {
    const p = await repliedByHrss('2026-03-02', '2026-03-04');
    at('2026-03-10');
    await command(c.caseworker, p.id, 'request-review', {
      reason: '不服处理意见',
      organId: world.units.countyGov.id,
    });
    // 第三十五条: 30 days from the request on Tue 03-10 → Thu 04-09.
    expect((await detail(c.countygov, p.id)).deadline).toMatchObject({ dueOn: '2026-04-09', owner: 'unit' });
    const listed = async (client: Client, query: string) =>
      (
        expectStatus(await client.get(`/api/petitions?${query}&pageSize=200`), 200).items as Array<{
          id: string;
        }>
      ).map((i) => i.id);
    const figure = async (unitId: string) =>
      (
        expectStatus(await c.caseworker.get('/api/statistics/deadlines-by-unit'), 200).units as Array<{
          unitId: string;
          overdue: number;
          nearDue: number;
        }>
      ).find((u) => u.unitId === unitId);
    // Mon 04-06 (清明's last day): 04-09 is within the 3 near-due days, for the 县政府 that reviews.
    at('2026-04-06');
    expect(await listed(c.countygov, 'queue=near_due')).toContain(p.id);
    expect(await listed(c.hrss, 'queue=near_due')).not.toContain(p.id);
    // Fri 04-10: one day past. The 县政府's 超期 (and the bureau's, which registered it); the 人社局
    // replied long ago and waits on no one.
    at('2026-04-10');
    expect(await listed(c.countygov, 'queue=overdue')).toContain(p.id);
    expect(await listed(c.caseworker, 'queue=overdue')).toContain(p.id);
    expect(await listed(c.hrss, 'queue=overdue')).not.toContain(p.id);
    expect(await listed(c.caseworker, `deadline=overdue&ownerUnitId=${world.units.countyGov.id}`)).toContain(
      p.id,
    );
    expect(await listed(c.caseworker, `deadline=overdue&ownerUnitId=${world.units.hrss.id}`)).not.toContain(
      p.id,
    );
    expect((await figure(world.units.countyGov.id))?.overdue).toBeGreaterThanOrEqual(1);
    await command(c.countygov, p.id, 'decide-review', DECISION);
    expect(await listed(c.countygov, 'queue=overdue')).not.toContain(p.id);
  });

  it('a petitioner downloading a notice on the portal is its electronic delivery', async () => {
    at('2026-03-02');
    const p = await register(c.registrar);
    await command(c.caseworker, p.id, 'triage', { kind: 'acceptance_notice' });
    const found = expectStatus(
      await world.app.inject({
        method: 'POST',
        url: '/api/portal/lookup',
        payload: { code: p.queryCode, secret: p.querySecret },
      }),
      200,
    ) as { documents: Array<{ id: string }> };
    at('2026-03-03');
    const download = await world.app.inject({
      method: 'POST',
      url: `/api/portal/documents/${found.documents[0].id}`,
      payload: { code: p.queryCode, secret: p.querySecret },
    });
    expect(download.statusCode).toBe(200);
    const d = await detail(c.caseworker, p.id);
    expect(d.pendingDeliveries).toBe(0);
    expect(d.timeline.at(-1)).toMatchObject({
      action: 'recordDelivery',
      actorName: '系统',
      data: { method: 'electronic', deliveredOn: '2026-03-03' },
    });
  });

  it('a review before the reply was delivered is in time, however late on the calendar', async () => {
    const p = await repliedByHrss('2026-03-02', null);
    at('2026-07-01'); // 121 days later, but the window never started
    await command(c.caseworker, p.id, 'request-review', {
      reason: '不服',
      organId: world.units.countyGov.id,
    });
    expect((await detail(c.caseworker, p.id)).state).toBe('review_requested');
  });

  it('意见建议 and 检举控告 are not offered a review chain', async () => {
    at('2026-03-02');
    const p = await register(c.registrar, { purpose: 'suggestion' });
    await command(c.caseworker, p.id, 'triage', { kind: 'acceptance_notice' });
    await command(c.caseworker, p.id, 'reply', { ...REPLY, outcome: 'explain' });
    const d = await detail(c.caseworker, p.id);
    expect(d.allowedCommands).not.toContain('requestReview');
    expect(d.deadline).toBeNull();
    const res = await c.caseworker.post(`/api/petitions/${p.id}/request-review`, {
      version: d.version,
      reason: '不服',
      organId: world.units.countyGov.id,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('STATE_CONFLICT');
  });

  it('two bureaus with their own policies compute different internal deadlines; each admin changes only its own', async () => {
    expectStatus(
      await c.countyadmin.patch('/api/settings/policy', {
        internal: { forwardTargetDays: 3, dayMode: 'working' },
      }),
      200,
    );
    expectStatus(
      await c.otherclerk.patch('/api/settings/policy', { internal: { dailyClearance: true } }),
      200,
    );
    at('2026-02-13'); // Friday before the Spring Festival
    const county = await register(c.registrar);
    const other = await register(c.otherclerk, { regionCode: '410221' });
    // County: 3 working days → 02-14 (调休), 02-24, 02-25. Neighbour: 日清日结 → the same day.
    expect((await detail(c.caseworker, county.id)).deadline?.dueOn).toBe('2026-02-25');
    expect((await detail(c.otherclerk, other.id)).deadline?.dueOn).toBe('2026-02-13');

    const countyPolicy = expectStatus(await c.countyadmin.get('/api/settings/policy'), 200);
    expect(countyPolicy).toMatchObject({
      bureau: { name: '兰考县信访局' },
      inheritsFrom: [{ name: '开封市信访局' }],
      effective: { internal: { forwardTargetDays: 3, dailyClearance: false } },
    });
    const otherPolicy = expectStatus(await c.otherclerk.get('/api/settings/policy'), 200);
    expect(otherPolicy).toMatchObject({
      effective: { internal: { forwardTargetDays: null, dailyClearance: true } },
    });

    // The city's setting is inherited by both counties; their own settings stay theirs.
    expectStatus(await c.cityadmin.patch('/api/settings/policy', { limits: { acceptanceDays: 10 } }), 200);
    for (const admin of [c.countyadmin, c.otherclerk]) {
      const p = expectStatus(await admin.get('/api/settings/policy'), 200) as {
        effective: { limits: { acceptanceDays: number } };
      };
      expect(p.effective.limits.acceptanceDays).toBe(10);
    }
    expect(
      (
        expectStatus(await c.otherclerk.get('/api/settings/policy'), 200) as {
          effective: { internal: { forwardTargetDays: null } };
        }
      ).effective.internal.forwardTargetDays,
    ).toBeNull();

    // Statutory limits can be shortened, never lengthened.
    const longer = await c.countyadmin.patch('/api/settings/policy', { limits: { handlingDays: 61 } });
    expect(longer.statusCode).toBe(400);
    expect(longer.json().error.details.fields[0].field).toBe('limits.handlingDays');
    expect(longer.json().error.message).toContain('第三十四条');
    // Only admins, only of a bureau.
    expect(
      (await c.caseworker.patch('/api/settings/policy', { limits: { nearDueDays: 2 } })).statusCode,
    ).toBe(403);

    expectStatus(await c.cityadmin.patch('/api/settings/policy', { limits: { acceptanceDays: 15 } }), 200);
    expectStatus(
      await c.countyadmin.patch('/api/settings/policy', { internal: { forwardTargetDays: null } }),
      200,
    );
    expectStatus(
      await c.otherclerk.patch('/api/settings/policy', { internal: { dailyClearance: false } }),
      200,
    );
  });

  it('承办人 named in the unit; a recused person neither acts on nor sees the case', async () => {
    at('2026-03-02');
    const p = await register(c.registrar);
    await command(c.caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    const ids = Object.fromEntries(
      (
        expectStatus(await c.countyadmin.get('/api/users'), 200) as unknown as Array<{
          id: string;
          username: string;
        }>
      ).map((u) => [u.username, u.id]),
    );
    // A handler takes an unassigned case himself, not for someone else.
    await command(c.hrss2, p.id, 'assign-handler', { userId: ids.hrss }, 403);
    await command(c.hrss2, p.id, 'assign-handler', { userId: ids.hrss2 });
    await command(c.hrss, p.id, 'assign-handler', { userId: ids.hrss }, 403);
    // The unit's head reassigns it.
    await command(c.hrsshead, p.id, 'assign-handler', { userId: ids.hrss, note: '原承办人休假' });
    expect((await detail(c.hrss, p.id)).assignee).toMatchObject({ id: ids.hrss, name: 'hrss' });
    const mine = expectStatus(await c.hrss.get(`/api/petitions?assigneeId=${ids.hrss}&pageSize=200`), 200);
    expect((mine.items as Array<{ id: string }>).map((i) => i.id)).toEqual([p.id]);
    // A person outside the handling unit cannot be named.
    await command(c.hrsshead, p.id, 'assign-handler', { userId: ids.housing }, 400);

    await command(c.hrsshead, p.id, 'recuse', { userId: ids.hrss, reason: '与信访人系近亲属' });
    expect((await c.hrss.get(`/api/petitions/${p.id}`)).statusCode).toBe(404);
    const listed = expectStatus(await c.hrss.get('/api/petitions?pageSize=200'), 200);
    expect((listed.items as Array<{ id: string }>).map((i) => i.id)).not.toContain(p.id);
    expect((await c.hrss.post(`/api/petitions/${p.id}/sign`, { version: 99 })).statusCode).toBe(404);
    const head = await detail(c.hrsshead, p.id);
    expect(head.assignee).toBeNull();
    expect(head.recusals).toEqual([
      expect.objectContaining({ userName: 'hrss', reason: '与信访人系近亲属' }),
    ]);
    const renamed = await c.hrsshead.post(`/api/petitions/${p.id}/assign-handler`, {
      version: head.version,
      userId: ids.hrss,
    });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error.code).toBe('RECUSED');
  });

  it('records 化解 at conclusion, so the 化解率 is a real figure', async () => {
    at('2026-05-04');
    const make = async () => {
      const p = await register(c.registrar, { registeredOn: '2026-05-04' });
      await command(c.caseworker, p.id, 'triage', { kind: 'acceptance_notice' });
      await command(c.caseworker, p.id, 'reply', { ...REPLY, outcome: 'support' });
      return p;
    };
    const [a, b] = [await make(), await make()];
    const d = await detail(c.caseworker, a.id);
    const none = await c.caseworker.post(`/api/petitions/${a.id}/conclude`, { version: d.version });
    expect(none.json().error.details.fields[0].field).toBe('resolved');
    const why = await c.caseworker.post(`/api/petitions/${a.id}/conclude`, {
      version: d.version,
      resolved: false,
    });
    expect(why.json().error.details.fields[0].field).toBe('resolutionNote');
    await command(c.caseworker, a.id, 'conclude', { resolved: true });
    await command(c.caseworker, b.id, 'conclude', { resolved: false, resolutionNote: '诉求超出政策范围' });
    const report = expectStatus(
      await c.caseworker.get('/api/statistics/report?from=2026-05-04&to=2026-05-04'),
      200,
    ) as {
      rateDetails: { resolved: { numerator: number; denominator: number; value: number } };
    };
    expect(report.rateDetails.resolved).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
  });

  it("the unit's 15 days run from receipt, never moved by signing; 文号 carry the 机关代字", async () => {
    const hrssUnit = world.units.hrss.id;
    const admin = c.countyadmin;
    expectStatus(await admin.patch(`/api/units/${hrssUnit}`, { docAbbrev: '兰人社' }), 200);
    at('2026-09-22'); // Tue
    const p = await register(c.registrar);
    await command(c.caseworker, p.id, 'triage', { kind: 'assign', unitId: hrssUnit });
    // 第二十三条: received Tue 09-22 → 15 days → Wed 10-07 (国庆) → Thu 10-08.
    expect((await detail(c.hrss, p.id)).deadline?.dueOn).toBe('2026-10-08');
    at('2026-09-29');
    await command(c.hrss, p.id, 'sign');
    expect((await detail(c.hrss, p.id)).deadline?.dueOn).toBe('2026-10-08');
    await command(c.hrss, p.id, 'accept');
    const acceptance = (await detail(c.hrss, p.id)).documents.find(
      (d) => d.kind === 'acceptance',
    ) as unknown as {
      documentNo: string;
    };
    expect(acceptance.documentNo).toMatch(/^兰人社受〔2026〕\d+号$/);
  });

  it('stores dates as dates and refuses impossible ones', async () => {
    const bad = await c.registrar.post('/api/petitions', {
      channel: 'visit',
      purpose: 'solution',
      regionCode: '410225',
      petitioners: [{ name: '李四' }],
      content: '反映问题',
      registeredOn: '2026-02-30',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0]).toMatchObject({
      field: 'registeredOn',
      message: '日期不存在',
    });
    const types = await queryRows<{ column_name: string; data_type: string }>(
      world.deps.db,
      sql`select column_name, data_type from information_schema.columns
          where table_schema = current_schema() and table_name = 'petitions' and right(column_name, 3) = '_on'`,
    );
    expect(types.length).toBeGreaterThan(15);
    for (const t of types) expect(t.data_type, t.column_name).toBe('date');
  });
});
