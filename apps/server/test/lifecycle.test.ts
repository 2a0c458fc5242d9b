import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocxText } from '../src/modules/documents/read-docx.ts';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { command, detail, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

const REPLY = {
  outcome: 'support',
  request: '请求协调解决拖欠工资3.2万元问题',
  facts: '经查，该公司确实拖欠其工资3.2万元',
  reasons: '根据《保障农民工工资支付条例》，用人单位应当按时足额支付工资',
  basis: '《保障农民工工资支付条例》第十五条',
};
const REVIEW = {
  outcome: 'uphold',
  facts: '复查查明原处理意见认定事实清楚',
  reasons: '原处理意见适用依据正确',
  basis: '《信访工作条例》第三十五条',
};

describe.each(DRIVERS)('petition lifecycle through the API [%s]', (driver) => {
  let world: World;
  let registrar: Client;
  let caseworker: Client;
  let hrss: Client;
  let housing: Client;
  let township: Client;
  let city: Client;

  beforeAll(async () => {
    world = await buildWorld(driver);
    [registrar, caseworker, hrss, housing, township, city] = await Promise.all(
      ['registrar', 'caseworker', 'hrss', 'housing', 'township', 'cityworker'].map((u) =>
        loginAs(world.app, u, { now: () => world.clock.now }),
      ),
    );
  });
  afterAll(async () => world?.close());

  /** Downloads a notice and parses the .docx back to text. */
  async function noticeText(client: Client, petitionId: string, documentId: string): Promise<string> {
    const res = await client.get(`/api/petitions/${petitionId}/documents/${documentId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    return readDocxText(res.rawPayload);
  }

  it('accept → extend → reply → evaluate → conclude, with deadlines, timeline and notices', async () => {
    world.clock.set('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
    const p = await register(registrar);
    let d = await detail(caseworker, p.id);
    expect(d.state).toBe('registered');
    expect(d.caseNo).toMatch(/^410225-2026-\d{6}$/);
    // 第二十二条: 15 days from registration on Mon 03-02 → Tue 03-17 (日清日结 is off by default).
    expect(d.deadline?.dueOn).toBe('2026-03-17');

    await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    d = await detail(hrss, p.id);
    expect(d.state).toBe('transferred');
    expect(d.deadline?.dueOn).toBe('2026-03-17'); // 15 days to decide on acceptance

    await command(hrss, p.id, 'sign');
    world.clock.set('2026-03-04T02:00:00Z');
    await command(hrss, p.id, 'accept', { note: '属本单位职责' });
    d = await detail(hrss, p.id);
    expect(d.state).toBe('accepted');
    const replyDue = d.deadline!.dueOn;
    // 60 days from 2026-03-04 is Sun 2026-05-03, inside the Labour Day holiday (05-01..05-05): rolls to 05-06.
    expect(replyDue).toBe('2026-05-06');

    await command(hrss, p.id, 'extend', {
      days: 30,
      reason: '涉及多个部门，需进一步调查核实',
      approverName: '王局长',
    });
    d = await detail(hrss, p.id);
    expect(d.extensionDays).toBe(30);
    // 第三十四条: 30 more days from the due date before roll-over (Sun 05-03) → Tue 06-02.
    expect(d.deadline!.dueOn).toBe('2026-06-02');
    // A second extension is not allowed.
    const again = await hrss.post(`/api/petitions/${p.id}/extend`, {
      version: d.version,
      days: 5,
      reason: '再次延期',
      approverName: '王局长',
    });
    expect(again.statusCode).toBe(409);

    const explained = expectStatus(await hrss.get(`/api/petitions/${p.id}/deadline`), 200);
    expect((explained.explanation as string[]).join('\n')).toContain('经批准延长办理期限 30 日');
    expect(explained.article).toBe('《信访工作条例》第三十四条');

    await command(hrss, p.id, 'reply', REPLY);
    await command(caseworker, p.id, 'evaluate', { result: 'satisfied', channel: 'phone' });
    await command(caseworker, p.id, 'conclude', { resolved: true });
    d = await detail(caseworker, p.id);
    expect(d.state).toBe('concluded');
    expect(d.resolved).toBe(true);
    expect(d.evaluation).toBe('satisfied');
    expect(d.timeline.map((e) => e.action)).toEqual([
      'register',
      'triage',
      'sign',
      'accept',
      'extend',
      'reply',
      'evaluate',
      'conclude',
    ]);
    expect(d.timeline.map((e) => e.toState)).toEqual([
      'registered',
      'transferred',
      'pending_acceptance',
      'accepted',
      'accepted',
      'replied',
      'evaluated',
      'concluded',
    ]);
    expect(d.documents.map((doc) => doc.kind)).toEqual(['transfer', 'acceptance', 'extension', 'reply']);
    // Who did it, from which unit, with what before/after.
    const accept = d.timeline.find((e) => e.action === 'accept') as unknown as Record<string, unknown>;
    expect(accept).toMatchObject({
      actorName: 'hrss',
      actorUnitName: '兰考县人力资源和社会保障局',
      fromState: 'pending_acceptance',
    });
    expect(accept.data).toMatchObject({
      before: { state: 'pending_acceptance' },
      after: { state: 'accepted', acceptedOn: '2026-03-04' },
    });
    for (const doc of d.documents) {
      const text = await noticeText(caseworker, p.id, doc.id);
      expect(text).toContain(p.caseNo);
    }
    const replyDoc = d.documents.find((doc) => doc.kind === 'reply')!;
    const replyText = await noticeText(caseworker, p.id, replyDoc.id);
    expect(replyText).toContain('处理意见书');
    expect(replyText).toContain('予以支持');
    expect(replyText).toContain('《保障农民工工资支付条例》第十五条');
    const extText = await noticeText(
      caseworker,
      p.id,
      d.documents.find((doc) => doc.kind === 'extension')!.id,
    );
    expect(extText).toContain('30');
    expect(extText).toContain('涉及多个部门，需进一步调查核实');
    expect(extText).toContain('第三十四条');
    expect(extText).toContain('王局长');
  });

  it('reply → review → re-review → final by the organs one level up; a late request is answered, not lost', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const p = await register(registrar, { purpose: 'appeal' });
    await command(caseworker, p.id, 'triage', { kind: 'acceptance_notice' });
    world.clock.set('2026-03-20T02:00:00Z');
    await command(caseworker, p.id, 'reply', { ...REPLY, outcome: 'reject' });
    world.clock.set('2026-04-10T02:00:00Z');
    // The county bureau issued the opinion: its upper organ, the county government, reviews it.
    await command(caseworker, p.id, 'request-review', {
      reason: '对处理意见不服，申请复查',
      organId: world.units.countyGov.id,
    });
    let d = await detail(city, p.id);
    expect(d.state).toBe('review_requested');
    expect(d.deadline?.dueOn).toBe('2026-05-11'); // 30 days from 04-10 is Sun 05-10 → next working day
    // The city bureau records the county government's decision on its behalf.
    await command(city, p.id, 'decide-review', REVIEW);
    world.clock.set('2026-04-20T02:00:00Z');
    await command(caseworker, p.id, 'request-re-review', {
      reason: '对复查意见不服，申请复核',
      organId: world.units.cityGov.id,
    });
    const cityGov = await loginAs(world.app, 'citygov', { now: () => world.clock.now });
    await command(cityGov, p.id, 'decide-re-review', REVIEW);
    await command(city, p.id, 'finalize', { resolved: false, resolutionNote: '信访人仍不认可复核意见' });
    d = await detail(caseworker, p.id);
    expect(d.state).toBe('final');
    expect(d.timeline.map((e) => e.action)).toEqual([
      'register',
      'triage',
      'reply',
      'requestReview',
      'decideReview',
      'requestReReview',
      'decideReReview',
      'finalize',
    ]);
    expect(d.documents.map((doc) => doc.kind)).toEqual(['acceptance', 'reply', 'review', 're_review']);
    const review = await noticeText(city, p.id, d.documents[2].id);
    expect(review).toContain('复查意见书');
    expect(review).toContain('兰考县人民政府');
    expect(review).toContain('由开封市信访局受兰考县人民政府委托录入');
    expect(review).toContain('向开封市人民政府请求复核');
    const reReview = await noticeText(city, p.id, d.documents[3].id);
    expect(reReview).toContain('复核意见书');
    expect(reReview).toContain('开封市人民政府');
    expect(reReview).not.toContain('委托录入');
    expect(reReview).toContain('第三十六条第三款');

    // A review asked for 31+ days after the petitioner received the opinion is registered and
    // answered with a written 不予受理, never refused silently.
    world.clock.set('2026-03-02T02:00:00Z');
    const late = await register(registrar);
    await command(caseworker, late.id, 'triage', { kind: 'acceptance_notice' });
    await command(caseworker, late.id, 'reply', REPLY);
    const replyDoc = (await detail(caseworker, late.id)).documents.find((x) => x.kind === 'reply')!;
    world.clock.set('2026-03-03T02:00:00Z');
    await command(caseworker, late.id, 'record-delivery', {
      documentId: replyDoc.id,
      method: 'in_person',
      deliveredOn: '2026-03-03',
    });
    // Delivered Tue 03-03: the 30 days end Thu 04-02; a request on 04-15 is late.
    world.clock.set('2026-04-15T02:00:00Z');
    await command(caseworker, late.id, 'request-review', {
      reason: '逾期申请',
      organId: world.units.countyGov.id,
    });
    const after = await detail(caseworker, late.id);
    expect(after.state).toBe('replied');
    expect(after.timeline.at(-1)).toMatchObject({ action: 'requestReview', data: { late: true } });
    const answer = after.documents.find((x) => x.kind === 'request_declined')!;
    const text = await noticeText(caseworker, late.id, answer.id);
    expect(text).toContain('2026年4月2日届满');
    expect(text).toContain('第三十五条');
  });

  it('decline with the lawful channel named in the notice', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const p = await register(registrar, {
      content: '不服县人民法院民事判决，要求重新审理房屋买卖合同纠纷案件。',
    });
    await command(caseworker, p.id, 'triage', { kind: 'forward', unitId: world.units.housing.id });
    await command(housing, p.id, 'sign');
    await command(housing, p.id, 'decline', {
      reason: '该事项已进入诉讼程序，属于人民法院受理范围',
      legalChannel: '依法向开封市中级人民法院提起上诉或申请再审',
    });
    const d = await detail(housing, p.id);
    expect(d.state).toBe('declined');
    expect(d.deadline).toBeNull();
    const doc = d.documents.find((x) => x.kind === 'decline')!;
    const text = await noticeText(housing, p.id, doc.id);
    expect(text).toContain('不予受理告知书');
    expect(text).toContain('依法向开封市中级人民法院提起上诉或申请再审');
  });

  it("objection → return → reassign; the new unit's clock starts at its own receipt; late objections refused", async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const p = await register(registrar);
    await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    const due = (await detail(caseworker, p.id)).deadline!.dueOn;
    world.clock.set('2026-03-05T02:00:00Z');
    await command(hrss, p.id, 'object', { reason: '该事项属于住房和城乡建设部门职责，不属本单位职权范围' });
    let d = await detail(caseworker, p.id);
    expect(d.state).toBe('returned');
    expect(d.bounceCount).toBe(1);
    // The returning unit keeps its history of the case.
    expect((await hrss.get(`/api/petitions/${p.id}`)).statusCode).toBe(200);
    await command(caseworker, p.id, 'reassign', { unitId: world.units.housing.id, kind: 'assign' });
    d = await detail(housing, p.id);
    expect(d.state).toBe('transferred');
    expect(d.responsibleUnitId).toBe(world.units.housing.id);
    // 第二十三条: housing received it on Thu 03-05 → 15 days → Fri 03-20 (hrss's clock ran to 03-17).
    expect(due).toBe('2026-03-17');
    expect(d.deadline!.dueOn).toBe('2026-03-20');
    expect(d.timeline.map((e) => e.action)).toEqual(['register', 'triage', 'object', 'reassign']);
    const routes = d.routes as Array<{ unitId: string; returnedOn: string | null; active: boolean }>;
    expect(routes).toHaveLength(2);
    expect(routes[0]).toMatchObject({ unitId: world.units.hrss.id, returnedOn: '2026-03-05', active: false });

    // Objecting after 5 working days is refused.
    world.clock.set('2026-03-20T02:00:00Z');
    const before = await detail(housing, p.id);
    const late = await housing.post(`/api/petitions/${p.id}/object`, {
      version: before.version,
      reason: '不属本单位职责',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('WINDOW_CLOSED');
  });

  it('assigned from above → 上报办结 → sent back → 上报办结 → approved', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const p = await register(registrar, {
      source: 'from_above',
      sourceUnitId: world.units.city.id,
      sourceNote: '市信访局交办',
    });
    await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.township.id });
    await command(township, p.id, 'sign');
    await command(township, p.id, 'accept');
    await command(township, p.id, 'reply', REPLY);
    // Cases from above do not conclude locally: they report upward.
    const current = await detail(township, p.id);
    const local = await township.post(`/api/petitions/${p.id}/conclude`, {
      version: current.version,
      resolved: true,
    });
    expect(local.statusCode).toBe(409);
    expect(local.json().error.details.allowed).toContain('reportConclusion');
    await command(township, p.id, 'report-conclusion', { summary: '已协调企业支付全部拖欠工资' });
    await command(city, p.id, 'send-back', { reason: '未附工资支付凭证，请补充后重新上报' });
    let d = await detail(township, p.id);
    expect(d.state).toBe('accepted');
    await command(township, p.id, 'reply', REPLY);
    await command(township, p.id, 'report-conclusion', { summary: '已补充工资支付凭证' });
    await command(city, p.id, 'approve-conclusion', { note: '同意办结', resolved: true });
    d = await detail(city, p.id);
    expect(d.state).toBe('concluded');
    expect(d.timeline.map((e) => e.action)).toEqual([
      'register',
      'triage',
      'sign',
      'accept',
      'reply',
      'reportConclusion',
      'sendBack',
      'reply',
      'reportConclusion',
      'approveConclusion',
    ]);
  });

  it('follow-up and manual repeat linking are recorded on the timeline', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const original = await register(registrar);
    await command(caseworker, original.id, 'triage', { kind: 'acceptance_notice' });
    await command(caseworker, original.id, 'reply', REPLY);
    await command(caseworker, original.id, 'conclude', { resolved: true });
    await command(caseworker, original.id, 'follow-up', {
      method: 'phone',
      result: '信访人表示工资已全部到账',
    });
    world.clock.set('2026-03-10T02:00:00Z');
    const repeat = await register(registrar);
    await command(caseworker, repeat.id, 'link-repeat', { originalId: original.id });
    const d = await detail(caseworker, repeat.id);
    expect(d.isRepeat).toBe(true);
    expect(d.repeatOfId).toBe(original.id);
    expect((await detail(caseworker, original.id)).timeline.at(-1)?.action).toBe('followUp');
  });

  it('refuses every illegal transition and stale version with 409, changing nothing', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const p = await register(registrar);
    const commands: Array<[string, Record<string, unknown>]> = [
      ['sign', {}],
      ['accept', {}],
      ['decline', { reason: '理由', legalChannel: '途径' }],
      ['extend', { days: 10, reason: '理由', approverName: '某' }],
      ['reply', REPLY],
      ['evaluate', { result: 'satisfied' }],
      ['conclude', { resolved: true }],
      ['request-review', { reason: '复查', organId: world.units.countyGov.id }],
      ['decide-review', REVIEW],
      ['request-re-review', { reason: '复核', organId: world.units.cityGov.id }],
      ['decide-re-review', REVIEW],
      ['finalize', { resolved: true }],
      ['report-conclusion', { summary: '办结' }],
      ['approve-conclusion', { resolved: true }],
      ['send-back', { reason: '退回' }],
      ['reassign', { unitId: world.units.hrss.id }],
      ['object', { reason: '异议' }],
    ];
    const before = await detail(caseworker, p.id);
    for (const [path, body] of commands) {
      const res = await caseworker.post(`/api/petitions/${p.id}/${path}`, {
        version: before.version,
        ...body,
      });
      expect(res.statusCode, path).toBe(409);
      const error = res.json().error;
      expect(error.code).toBe('STATE_CONFLICT');
      // What this caller may do now.
      expect(error.details.allowed).toEqual(['triage', 'linkRepeat', 'recordDelivery', 'recuse']);
    }
    // `allowed` is what THIS caller may do, not every command the state permits. A registered case
    // permits triage, linkRepeat, recordDelivery, assignHandler and recuse; the bureau's caseworker
    // may run four of them (assignHandler belongs to the responsible unit), the registrar three
    // (recuse is not a registrar's), the bureau's leader only recuse.
    const leader = await loginAs(world.app, 'leader', { now: () => world.clock.now });
    for (const [client, allowed] of [
      [registrar, ['triage', 'linkRepeat', 'recordDelivery']],
      [leader, ['recuse']],
    ] as const) {
      const res = await client.post(`/api/petitions/${p.id}/sign`, { version: before.version });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details.allowed).toEqual(allowed);
    }
    await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    const mid = await detail(caseworker, p.id);
    const stale = await hrss.post(`/api/petitions/${p.id}/sign`, { version: before.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const after = await detail(caseworker, p.id);
    expect(after.version).toBe(mid.version);
    expect(after.state).toBe('transferred');
    expect(after.timeline).toEqual(mid.timeline);
    expect(after.documents).toEqual(mid.documents);
  });

  it('answers 400 naming the field, 404 for unknown ids, 403 for the wrong role', async () => {
    const bad = await registrar.post('/api/petitions', {
      channel: 'fax',
      purpose: 'solution',
      regionCode: '410225',
      petitioners: [],
      content: '',
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['channel', 'petitioners', 'content']));
    const badId = await registrar.post('/api/petitions', {
      channel: 'visit',
      purpose: 'solution',
      regionCode: '410225',
      petitioners: [{ name: '李四', idNumber: '110105194912310021' }],
      content: '反映问题内容',
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details.fields[0].field).toBe('petitioners.0.idNumber');
    expect(badId.json().error.message).toContain('身份证');
    const unknown = await caseworker.get('/api/petitions/00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    const p = await register(registrar);
    const d = await detail(caseworker, p.id);
    const wrongRole = await registrar.post(`/api/petitions/${p.id}/reply`, { version: d.version, ...REPLY });
    expect(wrongRole.statusCode).toBe(409); // state first: registered cannot be replied
    const hrssView = await hrss.get(`/api/petitions/${p.id}`);
    expect(hrssView.statusCode).toBe(404); // not routed to hrss: out of scope
  });
});
