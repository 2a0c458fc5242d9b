import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, inspect, LONG, overlaysHidden } from './harness.ts';

/** A valid 1×1 PNG: the scanned, signed 送达回执. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

/** The count of a queue as the server gives it, once the menu badge shows that same count. */
async function badge(page: Page, queue: string, label: string): Promise<number> {
  const counts = (await page.evaluate(async () => (await fetch('/api/work-queues')).json())) as Record<
    string,
    number
  >;
  const n = counts[queue];
  await page.waitForFunction(
    (expected) => document.querySelector(`nav[aria-label="主菜单"] [aria-label="${expected}"]`) !== null,
    `${label} ${n} 件`,
  );
  return n;
}

/** Picks an option of an antd select by typing into it (Chinese, pinyin or initials) and Enter. */
async function choose(page: Page, selector: string, typed?: string): Promise<void> {
  await page.locator(selector).click();
  if (typed) await page.locator(selector).fill(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  await page.keyboard.press('Enter');
  await overlaysHidden(page, '.ant-select-dropdown');
}

describe('case pickers, the 待送达 queue and user administration in the browser', LONG, () => {
  const suite = browserSuite();
  const { problems } = suite;

  it(
    'the department delivers a notice from its 待送达 list with pickers and a scanned receipt',
    LONG,
    async () => {
      const { context, page } = await suite.open('renshe');
      const before = await badge(page, 'deliver', '待送达');
      assert.ok(before > 0, 'the demo leaves notices to deliver at the department');
      await page.goto('/work/deliver');
      await page.getByRole('heading', { name: '我的待办 · 待送达' }).waitFor();
      const total = page.getByTestId('list-total').locator('strong');
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="list-total"] strong')?.textContent === String(n),
        before,
      );
      assert.equal(Number(await total.innerText()), before, 'the list holds what the badge counts');
      await inspect(page, '30-deliver-queue');

      await page.locator('tbody tr a').first().click();
      await page.getByTestId('actions').getByRole('button', { name: '登记送达' }).click();
      await choose(page, '#cmd_recordDelivery_documentId');
      // 邮寄 asks for the tracking number; the date picker refuses tomorrow.
      await page.locator('#cmd_recordDelivery_method').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="邮寄送达"]').click();
      await overlaysHidden(page, '.ant-select-dropdown');
      await page.locator('#cmd_recordDelivery_trackingNo').fill('1178420309912');
      await page.locator('#cmd_recordDelivery_deliveredOn').click();
      const tomorrow = page.locator('.ant-picker-cell-today + .ant-picker-cell');
      if ((await tomorrow.count()) > 0)
        assert.match((await tomorrow.getAttribute('class')) ?? '', /ant-picker-cell-disabled/);
      // Picking the day closes the picker; axe and the screenshot wait until its panel has faded out.
      await page.locator('.ant-picker-cell-today').click();
      await overlaysHidden(page, '.ant-picker-dropdown');
      await page
        .locator('.ant-modal input[type=file]')
        .setInputFiles({ name: '送达回执.png', mimeType: 'image/png', buffer: PNG });
      await page.getByText('已上传：送达回执.png').waitFor();
      await inspect(page, '31-record-delivery-form');
      await page.getByTestId('command-submit').click();
      await page.getByText('已登记送达').waitFor();

      // The notice previews in a drawer (docx drawn in the page), the scanned receipt as an image.
      await page
        .getByRole('button', { name: /^预览受理告知书$/ })
        .first()
        .click();
      await page.getByTestId('docx-preview').locator('section.xf-docx').first().waitFor();
      await page.getByTestId('docx-preview').getByText('受理告知书').first().waitFor();
      await inspect(page, '37-notice-preview');
      await page.locator('.ant-drawer-close').click();
      await page.getByRole('button', { name: '预览送达回执.png' }).click();
      await page.locator('.ant-drawer img[alt="送达回执.png"]').waitFor();
      await page.locator('.ant-drawer-close').click();
      await page.waitForFunction(
        (n) =>
          document
            .querySelector('nav[aria-label="主菜单"] [aria-label^="待送达 "]')
            ?.getAttribute('aria-label') === `待送达 ${n} 件`,
        before - 1,
      );
      await context.close();
    },
  );

  it('a department handler takes a case as 承办人, picked by pinyin initials', LONG, async () => {
    const { context, page } = await suite.open('renshe');
    await page.goto('/work/handle');
    await page.locator('tbody tr a').first().click();
    await page.getByTestId('actions').getByRole('button', { name: '指定承办人' }).click();
    await choose(page, '#cmd_assignHandler_userId', 'crs');
    await inspect(page, '32-assign-handler-form');
    await page.getByTestId('command-submit').click();
    await page.getByText('已指定承办人').waitFor();
    await page.getByTestId('timeline').getByText('指定承办人').first().waitFor();
    await context.close();
  });

  it('the admin resets a password (shown once) and locks then unlocks a user', LONG, async () => {
    const { context, page } = await suite.open('admin');
    await page.goto('/admin');
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'ducha', exact: true }) });
    await row.waitFor();
    await row.getByRole('button', { name: '重置密码' }).click();
    await page.getByRole('button', { name: '重置', exact: true }).click();
    await overlaysHidden(page, '.ant-popconfirm');
    const otp = await page.getByTestId('one-time-password').innerText();
    assert.ok(otp.length >= 14, 'a one-time password is shown');
    await inspect(page, '33-password-reset');
    await page.getByRole('button', { name: /知\s*道\s*了|确\s*定|OK/ }).click();
    await row.getByText('待改密码').waitFor();

    await row.getByRole('button', { name: '锁定' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '锁定' }).click();
    await row.getByText('已锁定').waitFor();
    await overlaysHidden(page, '.ant-popconfirm');
    await inspect(page, '34-user-locked');
    await row.getByRole('button', { name: '解锁' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '解锁' }).click();
    await row.getByRole('button', { name: '锁定' }).waitFor();
    await context.close();

    // The user signs in with the one-time password and is asked to change it.
    const user = await suite.open();
    await user.page.goto('/');
    await user.page.getByLabel('用户名').fill('ducha');
    await user.page.getByLabel('密码').fill(otp);
    await user.page.getByRole('button', { name: /登\s*录/ }).click();
    await user.page.getByText('修改密码').first().waitFor();
    await user.context.close();
  });

  it('the leader opens the petitions behind a unit overdue figure and behind a township', LONG, async () => {
    const { context, page } = await suite.open('lingdao');
    await page.goto('/dashboard');
    const byUnit = page.getByTestId('deadlines-by-unit');
    const overdue = byUnit.locator('tbody button[aria-label*="超期"]').first();
    await overdue.waitFor();
    await byUnit.scrollIntoViewIfNeeded();
    await inspect(page, '35-dashboard-breakdowns');
    const expectListOf = async (figure: number) => {
      await page.waitForURL(/\/petitions\?/);
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="list-total"] strong')?.textContent === String(n),
        figure,
      );
    };
    const n = Number(await overdue.innerText());
    assert.ok(n > 0);
    await overdue.click();
    await expectListOf(n);
    await page.getByTestId('drill-tags').getByText('超期').waitFor();
    await inspect(page, '36-overdue-of-unit');

    await page.goto('/dashboard');
    const township = page
      .getByTestId('region-drill')
      .locator('.ant-table-tbody button[aria-label$="查看清单"]')
      .first();
    await township.waitFor();
    const m = Number(await township.innerText());
    await township.click();
    await expectListOf(m);
    await context.close();
  });

  it('saw no console error and no failed request', () => {
    assert.deepEqual(problems.seen, []);
  });
});
