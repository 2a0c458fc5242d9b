import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, inspect, LONG, login, overlaysHidden, shoot } from './harness.ts';

const SUITE = { timeout: 60 * 60_000 };

/**
 * Runs one action of the case page as a user does, waiting on conditions rather than time: the
 * form dialog is open, the command's POST answered 200, the case was read again after it, and the
 * state tag shows the new state.
 */
async function act(
  page: Page,
  action: string,
  path: string,
  nextState: string,
  fill: (dialog: Locator) => Promise<void> = async () => {},
): Promise<void> {
  await page.getByTestId('actions').getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await dialog.getByTestId('command-submit').waitFor();
  await fill(dialog);
  const posted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(`/${path}`),
  );
  await dialog.getByTestId('command-submit').click();
  const response = await posted;
  assert.equal(response.status(), 200, `${action}: ${await response.text()}`);
  await page.getByTestId('case-state').filter({ hasText: nextState }).waitFor();
}

async function dashboardTotal(page: Page): Promise<number> {
  await page.goto('/dashboard');
  const value = page.getByTestId('total-card').locator('.ant-statistic-content-value');
  await value.waitFor();
  return Number((await value.innerText()).replace(/[^\d]/g, ''));
}

describe('staff workbench in the browser', SUITE, () => {
  const suite = browserSuite(SUITE.timeout);
  const { problems } = suite;
  let caseNo = '';
  let caseUrl = '';
  let totalBefore = 0;

  it('shows the login page in Chinese with one message for a wrong password', LONG, async () => {
    const { context, page } = await suite.open();
    await page.goto('/');
    await page.getByLabel('用户名').waitFor();
    await inspect(page, '01-login');
    problems.expect(/http 401: POST .*\/api\/auth\/login/);
    problems.expect(/console: Failed to load resource: the server responded with a status of 401/);
    await page.getByLabel('用户名').fill('nobody');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    problems.clearExpected();
    await context.close();
  });

  it('the leader sees the dashboard total before the registration', LONG, async () => {
    const { context, page } = await suite.open('lingdao');
    totalBefore = await dashboardTotal(page);
    assert.ok(totalBefore > 0, 'the demo county has petitions this year');
    await context.close();
  });

  it(
    'a registrar registers a visit with two petitioners by keyboard only and prints the slip',
    LONG,
    async () => {
      const { context, page } = await suite.open('dengji');
      await page.goto('/register');
      await page.locator('#reg_channel').waitFor();
      await inspect(page, '02-register-empty');
      const k = page.keyboard;
      // 信访形式 (来访) → 信访目的 (求决) → 登记日期 (today) → 人数
      await page.locator('#reg_channel').focus();
      await k.press('Enter');
      await k.press('Enter');
      await k.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'reg_persons');
      // Enter passed the two selects with their lists closed: none is left open over the fields below.
      await overlaysHidden(page, '.ant-select-dropdown');
      await k.press('Control+A');
      await k.type('2');
      await k.press('Enter');
      // 问题属地 by pinyin initials: cgz → 城关镇
      await page.waitForFunction(() => document.activeElement?.id === 'reg_regionCode');
      await k.type('cgz');
      await page.locator('.ant-select-item-option').filter({ hasText: '城关镇' }).first().waitFor();
      await k.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'reg_categoryId');
      await k.type('lzjf');
      await page.locator('.ant-select-item-option').filter({ hasText: '劳资纠纷' }).first().waitFor();
      await k.press('Enter');
      // First petitioner; the ID number is checked as it is typed.
      await page.waitForFunction(() => document.activeElement?.id === 'reg_petitioners_0_name');
      await k.type('张秀兰');
      await k.press('Enter');
      await k.type('110105194912310021');
      await page.getByText('身份证号码有误：校验位不正确').waitFor();
      await k.press('Backspace');
      await k.type('X');
      await page.getByText(/出生日期 1949-12-31 · 女/).waitFor();
      await k.press('Enter');
      await k.type('13912345678');
      await k.press('Enter');
      await k.type('兰考县城关镇裕禄大道12号');
      // Tab to 添加信访人, Enter adds the second and puts the cursor in its name.
      await k.press('Tab');
      await k.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'reg_petitioners_1_name');
      await k.type('李建国');
      await k.press('Enter');
      await k.type('410225198003150014');
      await page.getByText(/出生日期 1980-03-15 · 男/).waitFor();
      await k.press('Enter');
      await k.type('13812345679');
      await k.press('Enter');
      await k.type('兰考县城关镇东街村3组');
      await k.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'reg_title');
      await k.type('城关镇安置小区项目拖欠农民工工资');
      await k.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'reg_content');
      await k.type(
        '反映某建筑公司拖欠其在城关镇安置小区项目务工工资共计3.2万元，多次讨要未果，请求协调解决。',
      );
      await page.getByTestId('earlier-similar').waitFor();
      await overlaysHidden(page, '.ant-select-dropdown');
      await inspect(page, '03-register-filled');
      await k.press('Control+S');
      const receipt = page.getByTestId('receipt');
      await receipt.waitFor();
      caseNo = (await receipt.locator('.ant-descriptions-item-content').first().innerText()).trim();
      assert.match(caseNo, /\d/);
      assert.match(await page.getByTestId('query-code').innerText(), /\w+/);
      assert.match(await receipt.innerText(), /张秀兰、李建国/);
      assert.match(await receipt.innerText(), /不代表已受理/);
      await page.getByTestId('print-receipt').focus();
      await k.press('Enter');
      assert.equal(await page.evaluate(() => (window as unknown as { __printed: number }).__printed), 1);
      await inspect(page, '04-receipt');
      await page.emulateMedia({ media: 'print' });
      await shoot(page, '05-receipt-print-a4');
      await page.emulateMedia({ media: 'screen' });
      await page.getByText('80毫米小票').click();
      await page.emulateMedia({ media: 'print' });
      await shoot(page, '06-receipt-print-80mm');
      await page.emulateMedia({ media: 'screen' });
      await context.close();
    },
  );

  it('a half-typed registration survives a reload for its user and is wiped at logout', LONG, async () => {
    const { context, page } = await suite.open('dengji');
    await page.goto('/register');
    const title = page.locator('#reg_title');
    await title.waitFor();
    // The draft goes to the server (encrypted there), never to this browser's storage.
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === '/api/drafts/registration',
    );
    await title.fill('草稿：城关镇老旧小区供暖不达标');
    assert.equal((await saved).status(), 200);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
    await page.reload();
    await page.getByText(/未保存的登记草稿/).waitFor();
    assert.equal(await title.inputValue(), '草稿：城关镇老旧小区供暖不达标');
    await inspect(page, '02b-register-draft-restored');
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出登录').click();
    await page.getByLabel('用户名').waitFor();
    await login(page, 'dengji');
    await page.goto('/register');
    await title.waitFor();
    assert.equal(await title.inputValue(), '');
    assert.equal(await page.getByText(/未保存的登记草稿/).count(), 0);
    // 接访领导 is offered for visits only: a leader receives visitors, not letters.
    const pickChannel = async (label: string) => {
      await page.locator('#reg_channel').click();
      await page.locator('.ant-select-item-option').filter({ hasText: label }).click();
      await overlaysHidden(page, '.ant-select-dropdown');
    };
    await page.locator('#reg_leaderName').waitFor();
    await pickChannel('来信');
    await page.locator('#reg_leaderName').waitFor({ state: 'detached' });
    await pickChannel('来访');
    await page.locator('#reg_leaderName').waitFor();
    await context.close();
  });

  it('a caseworker triages it to a department from the triage queue', LONG, async () => {
    const { context, page } = await suite.open('yewu');
    await page.goto('/work/triage');
    await page.getByRole('link', { name: caseNo }).waitFor();
    await inspect(page, '07-worklist-triage');
    await page.getByRole('link', { name: caseNo }).click();
    await page.getByTestId('case-state').filter({ hasText: '待分流' }).waitFor();
    caseUrl = new URL(page.url()).pathname;
    await inspect(page, '08-case-registered');
    await act(page, '分流', 'triage', '待签收', async (dialog) => {
      await page.locator('#cmd_triage_unitId').click();
      await page.keyboard.type('rlzy');
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: '人力资源和社会保障局' })
        .first()
        .waitFor();
      await page.keyboard.press('Enter');
      // The choice is in the form (the option list is a separate layer outside the dialog).
      await dialog.getByText('人力资源和社会保障局').filter({ visible: true }).first().waitFor();
    });
    await context.close();
  });

  it(
    'the department signs, accepts and replies; a stale edit shows the conflict notice and keeps the form',
    LONG,
    async () => {
      const { context, page } = await suite.open('renshe');
      await page.goto('/work/sign');
      await page.getByRole('link', { name: caseNo }).click();
      await page.getByTestId('case-state').filter({ hasText: '待签收' }).waitFor();
      await act(page, '签收', 'sign', '待受理');
      await act(page, '受理', 'accept', '办理中');
      await page.getByTestId('deadline-explanation').locator('li').first().waitFor();
      await inspect(page, '09-case-accepted');

      // A colleague extends the deadline in another tab while this page still shows the old version.
      const other = await context.newPage();
      problems.watch(other);
      await other.goto(caseUrl);
      await other.getByTestId('case-state').filter({ hasText: '办理中' }).waitFor();
      await act(other, '延期', 'extend', '办理中', async () => {
        await other.locator('#cmd_extend_days').fill('10');
        await other.locator('#cmd_extend_reason').fill('需要调取三年工资发放记录');
        await other.locator('#cmd_extend_approverName').fill('王局长');
      });
      await other.getByText('已延期').waitFor();
      await other.close();

      await page.getByTestId('actions').getByRole('button', { name: '答复', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: '答复' });
      const fill = async (field: string, text: string) => dialog.locator(`#cmd_reply_${field}`).fill(text);
      await fill('request', '请求支付拖欠工资3.2万元');
      await fill('facts', '经查，该公司确有拖欠，已责令限期支付');
      await fill('reasons', '依据劳动保障监察条例');
      await fill('basis', '《保障农民工工资支付条例》第三条');
      problems.expect(/http 409: POST .*\/reply/);
      problems.expect(/status of 409/);
      const replied = () =>
        page.waitForResponse(
          (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/reply'),
        );
      const stale = replied();
      await dialog.getByTestId('command-submit').click();
      assert.equal((await stale).status(), 409);
      await dialog.getByTestId('conflict-in-form').waitFor();
      await page.getByTestId('conflict-notice').getByText('已被他人修改').waitFor();
      await shoot(page, '10-conflict');
      problems.clearExpected();
      // Reloading reads the case again; the form stays, and sends the new version once it arrived.
      const reread = page.waitForResponse(
        (r) => r.request().method() === 'GET' && /\/api\/petitions\/[^/]+$/.test(new URL(r.url()).pathname),
      );
      await dialog.getByTestId('conflict-in-form').getByRole('button', { name: '重新加载' }).click();
      assert.equal((await reread).status(), 200);
      assert.equal(
        await dialog.locator('#cmd_reply_facts').inputValue(),
        '经查，该公司确有拖欠，已责令限期支付',
      );
      const fresh = replied();
      await dialog.getByTestId('command-submit').click();
      assert.equal((await fresh).status(), 200);
      await page.getByTestId('case-state').filter({ hasText: '已答复' }).waitFor();
      await context.close();
    },
  );

  it('the caseworker sees the whole timeline with who, which unit and what', LONG, async () => {
    const { context, page } = await suite.open('yewu');
    await page.goto(caseUrl);
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('答复', { exact: true }).waitFor();
    const text = await timeline.innerText();
    for (const step of ['登记', '分流', '签收', '受理', '延期', '答复']) assert.match(text, new RegExp(step));
    assert.match(text, /陈人社（兰考县人力资源和社会保障局）/);
    // What each step decided, in words: where it went, the extension and who approved it, the opinion.
    assert.match(text, /(转送|交办) · 至兰考县人力资源和社会保障局/);
    assert.match(text, /延长10日 · 批准人 王局长\n需要调取三年工资发放记录/);
    assert.match(text, /解释说明/);
    // Personal data stays masked for a caseworker without the 个人信息明文 permission.
    await page.getByText('1101**********002X').waitFor();
    await inspect(page, '11-case-replied');
    await context.close();
  });

  it(
    'the dashboard total goes up by one and its drill-down lists the new petition with the same count',
    LONG,
    async () => {
      const { context, page } = await suite.open('lingdao');
      const total = await dashboardTotal(page);
      assert.equal(total, totalBefore + 1);
      await page.locator('canvas').first().waitFor();
      await inspect(page, '12-dashboard');
      await page.getByTestId('total-card').click();
      await page.getByRole('link', { name: caseNo }).waitFor();
      const listed = Number((await page.getByTestId('list-total').innerText()).replace(/[^\d]/g, ''));
      assert.equal(listed, total);
      await inspect(page, '13-drilldown');
      await context.close();
    },
  );

  it('an out-of-scope user opening the case by URL sees 不存在或无权访问', LONG, async () => {
    const { context, page } = await suite.open('zhujian');
    problems.expect(/http 404: GET .*\/api\/petitions\//);
    problems.expect(/status of 404/);
    await page.goto(caseUrl);
    await page.getByText('不存在或无权访问').waitFor();
    problems.clearExpected();
    await inspect(page, '14-out-of-scope');
    await context.close();
  });

  it('statistics, search and administration pages pass the same checks', LONG, async () => {
    const { context, page } = await suite.open('admin');
    await page.goto('/statistics');
    await page.getByTestId('narrative').waitFor();
    await inspect(page, '15-statistics');
    // A ledger with one impossible date: streamed progress, nothing imported, the rejected row listed.
    const csv = [
      '编号,登记日期,信访形式,信访人,人数,内容分类,诉求内容,办理状态',
      'E2E-1,2026-03-01,来访,测试甲,1,其他,反映路灯不亮,登记',
      'E2E-2,2026-13-40,来访,测试乙,1,其他,反映道路破损,登记',
    ].join('\n');
    const imported = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/ledger/import');
    await page
      .locator('input[type=file][accept=".csv,.xlsx"]')
      .setInputFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\n`) });
    const response = await imported;
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'] ?? '', /^text\/event-stream/);
    await page.getByText('导入结果：共 2 行，导入 0，更新 0，有误 1').waitFor();
    await page.getByRole('cell', { name: /登记日期/ }).waitFor();
    await inspect(page, '15b-ledger-import-rejected');
    await page.goto('/admin');
    await page.getByRole('tab', { name: '用户与角色' }).waitFor();
    await page.getByRole('cell', { name: 'dengji' }).waitFor();
    await inspect(page, '16-admin-users');
    for (const [tab, name] of [
      ['单位', '17-admin-units'],
      ['内容分类', '18-admin-categories'],
      ['工作日历', '19-admin-calendar'],
      ['文书模板', '20-admin-templates'],
      ['时限规则', '21-admin-policy'],
    ] as const) {
      await page.getByRole('tab', { name: tab }).click();
      await inspect(page, name);
    }
    await context.close();
    const caseworker = await suite.open();
    await login(caseworker.page, 'yewu');
    await caseworker.page.goto('/petitions');
    await caseworker.page.getByTestId('list-total').waitFor();
    await inspect(caseworker.page, '22-petitions');
    await caseworker.page.getByTestId('user-menu').hover();
    const everywhere = caseworker.page.getByRole('menuitem', { name: '退出所有设备' });
    await everywhere.waitFor();
    await everywhere.click();
    await caseworker.page.getByLabel('用户名').waitFor();
    await caseworker.context.close();
  });

  it('saw no console error and no failed request', () => {
    assert.deepEqual(problems.seen, []);
  });
});
