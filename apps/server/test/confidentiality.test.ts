import ExcelJS from '../src/modules/documents/exceljs.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckDigit } from '../src/domain/id-number.ts';
import { drainOutbox } from '../src/jobs/job-runner.ts';
import { readDocxText } from '../src/modules/documents/read-docx.ts';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { command, type Registered, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

const ID17 = '41022519800101123';
const REPORTER = {
  name: '举报人欧阳振华',
  idNumber: `${ID17}${idNumberCheckDigit(ID17)}`,
  phone: '13812345678',
  address: '兰考县城关镇东街村3组',
};
/** Anything that would tell who reported. */
const IDENTITY = [REPORTER.name, REPORTER.idNumber, REPORTER.phone, REPORTER.address, '欧阳振华'];

/**
 * 检举、揭发、控告 are never disclosed to the accused, nor to anyone outside the one identity rule
 * (the registering bureau's caseworkers and registrars, the discipline unit): every path checked.
 */
describe.each(DRIVERS)('confidentiality of reports of wrongdoing on every path [%s]', (driver) => {
  let world: World;
  let c: Record<string, Client>;
  let report: Registered;
  let toDiscipline: Registered;
  let later: Registered;

  beforeAll(async () => {
    world = await buildWorld(driver);
    const now = () => world.clock.now;
    const users = [
      'registrar',
      'caseworker',
      'cityworker',
      'hrss',
      'hrsshead',
      'housing',
      'discipline',
      'otherclerk',
    ];
    c = Object.fromEntries(
      await Promise.all(users.map(async (u) => [u, await loginAs(world.app, u, { now })])),
    );
    world.clock.set('2026-03-02T02:00:00Z');
    // A report accusing the 住建局, forwarded to the 人社局 (not the accused), which accepts it.
    report = await register(c.registrar, {
      purpose: 'report',
      accusedUnitId: world.units.housing.id,
      petitioners: [REPORTER],
      content: '举报县住房和城乡建设局某干部在安置房分配中收受好处费，请求查处。',
    });
    await command(c.caseworker, report.id, 'triage', { kind: 'forward', unitId: world.units.hrss.id });
    await command(c.hrss, report.id, 'sign');
    await command(c.hrss, report.id, 'accept');
    toDiscipline = await register(c.registrar, {
      purpose: 'report',
      accusedUnitId: world.units.housing.id,
      petitioners: [REPORTER],
      content: '举报住建局工程招标中的违规行为。',
    });
    await command(c.caseworker, toDiscipline.id, 'triage', {
      kind: 'forward',
      unitId: world.units.discipline.id,
    });
    // The same person later raises an ordinary matter: the repeat suggestion must not name the report.
    world.clock.set('2026-03-09T02:00:00Z');
    later = await register(c.registrar, { petitioners: [REPORTER], content: '反映小区路灯损坏问题。' });
    await drainOutbox(world.deps);
  });
  afterAll(async () => world?.close());

  const leaks = (body: string) => IDENTITY.filter((marker) => body.includes(marker));

  /** Every way a user can reach the reporter: returns what each path disclosed. */
  async function everyPath(client: Client): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    const note = (path: string, body: string) => {
      found[path] = leaks(body);
    };
    const view = await client.get(`/api/petitions/${report.id}`);
    note('view', view.body);
    note('lists', (await client.get('/api/petitions?pageSize=200&from=2026-01-01&to=2026-12-31')).body);
    const byName = await client.get(`/api/petitions?pageSize=200&q=${encodeURIComponent('欧阳振华')}`);
    note('search by name', byName.body);
    found['search finds the report'] = (byName.json().items ?? [])
      .filter((i: { id: string }) => i.id === report.id)
      .map(() => 'found');
    for (const [key, value] of [
      ['idNumber', REPORTER.idNumber],
      ['phone', REPORTER.phone],
    ]) {
      const exact = await client.get(`/api/petitions?${key}=${value}`);
      note(`exact lookup by ${key}`, exact.body);
      found[`exact lookup by ${key} finds a report`] = (exact.json().items ?? [])
        .filter((i: { id: string }) => i.id === report.id || i.id === toDiscipline.id)
        .map(() => 'found');
    }
    const exported = await client.get('/api/ledger/export?from=2026-01-01&to=2026-12-31');
    if (exported.statusCode === 200) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(exported.rawPayload as never);
      // The rows of the two reports (the same person's ordinary matter may name them).
      const cells: string[] = [];
      book.worksheets[0].eachRow((row) => {
        const values = (row.values as unknown[]).map((v) => String(v ?? ''));
        if (values.includes(report.caseNo) || values.includes(toDiscipline.caseNo)) cells.push(...values);
      });
      note('ledger export', cells.join('|'));
    }
    note('statistics', (await client.get('/api/statistics/report?from=2026-01-01&to=2026-12-31')).body);
    // A dashboard figure's drill-down is the list under the figure's filters.
    note(
      'drill-down',
      (await client.get('/api/petitions?pageSize=200&state=pending_acceptance&state=accepted')).body,
    );
    if (view.statusCode === 200) {
      for (const doc of view.json().documents as Array<{ id: string; addressee: string }>) {
        const res = await client.get(`/api/petitions/${report.id}/documents/${doc.id}`);
        if (res.statusCode === 200) note(`document ${doc.id}`, await readDocxText(res.rawPayload));
        if (doc.addressee === 'petitioner') {
          const receipt = await client.get(`/api/petitions/${report.id}/documents/${doc.id}/receipt`);
          if (receipt.statusCode === 200) note(`receipt ${doc.id}`, await readDocxText(receipt.rawPayload));
        }
      }
    }
    const unmasked = await client.get(`/api/petitions/${report.id}/petitioners/unmasked`);
    note('unmasked view', unmasked.body);
    const repeat = await client.get(`/api/petitions/${later.id}`);
    if (repeat.statusCode === 200) {
      const suggested = (
        repeat.json().timeline as Array<{ action: string; data: { candidates?: Array<{ id: string }> } }>
      )
        .filter((e) => e.action === 'repeatSuggested')
        .flatMap((e) => e.data.candidates ?? [])
        .filter((x) => x.id === report.id || x.id === toDiscipline.id);
      found['repeat suggestion names a report'] = suggested.map((x) => x.id);
    }
    return found;
  }

  const disclosed = (found: Record<string, string[]>) =>
    Object.entries(found).filter(([, markers]) => markers.length > 0);

  it('a city-bureau caseworker, the handling department, its leader and the accused unit: 0 identities', async () => {
    for (const user of ['cityworker', 'hrss', 'hrsshead', 'housing', 'otherclerk']) {
      expect(disclosed(await everyPath(c[user])), user).toEqual([]);
    }
    // The department handles the matter and reads its notices — in their redacted form.
    const view = expectStatus(await c.hrss.get(`/api/petitions/${report.id}`), 200) as {
      petitioners: Array<{ name: string }>;
      documents: Array<{ kind: string; redacted: boolean }>;
    };
    expect(view.petitioners[0].name).toBe('（保密）');
    expect(view.documents.map((d) => [d.kind, d.redacted])).toEqual([
      ['transfer', true],
      ['acceptance', true],
    ]);
    // The accused unit cannot even see the matter exists.
    expect((await c.housing.get(`/api/petitions/${report.id}`)).statusCode).toBe(404);
  });

  it('the registering bureau and the discipline unit see the reporter (so the test above can fail)', async () => {
    const bureau = await everyPath(c.caseworker);
    expect(bureau.view).toContain(REPORTER.name);
    expect(bureau['exact lookup by idNumber finds a report']).toEqual(['found', 'found']);
    expect(bureau['repeat suggestion names a report']?.length).toBe(2);
    expect(
      Object.entries(bureau).some(([path, m]) => path.startsWith('document') && m.includes(REPORTER.name)),
    ).toBe(true);
    const discipline = expectStatus(await c.discipline.get(`/api/petitions/${toDiscipline.id}`), 200) as {
      petitioners: Array<{ name: string }>;
    };
    expect(discipline.petitioners[0].name).toBe(REPORTER.name);
  });

  it('the petitioner gets the full notice on the portal', async () => {
    const found = expectStatus(
      await world.app.inject({
        method: 'POST',
        url: '/api/portal/lookup',
        payload: { code: report.queryCode, secret: report.querySecret },
      }),
      200,
    ) as { documents: Array<{ id: string; title: string }> };
    const acceptance = found.documents.find((d) => d.title === '受理告知书')!;
    const res = await world.app.inject({
      method: 'POST',
      url: `/api/portal/documents/${acceptance.id}`,
      payload: { code: report.queryCode, secret: report.querySecret },
    });
    expect(await readDocxText(res.rawPayload)).toContain(REPORTER.name);
  });
});
