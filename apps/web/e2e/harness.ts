import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
export const SCREENSHOTS = join(here, 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'Demo#Xinfang2026';

/** Debian's chromium and a CJK font, installed with apt when missing (CI runs as root). */
export function ensureChromium(): void {
  const fonts = () => {
    try {
      return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).includes('Noto');
    } catch {
      return false;
    }
  };
  if (existsSync(CHROMIUM) && fonts()) return;
  console.log('安装 chromium 与 fonts-noto-cjk（apt-get）…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export type Server = { base: string; stop: () => Promise<void>; dataDir: string };

/** A real server on a fresh PGlite data directory with the demo county loaded (as a new user would). */
export async function startServer(demoCount = 40): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xf-e2e-'));
  const cli = join(root, 'apps/server/bin/xinfang.mjs');
  const env: NodeJS.ProcessEnv = { ...process.env, XINFANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  // The demo alone makes a usable installation: its accounts and an administrator.
  execFileSync(process.execPath, [cli, 'demo', '--count', String(demoCount)], {
    env,
    stdio: 'pipe',
    timeout: 1_800_000,
  });
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * Every console error, page error and failed request of a page. A step that expects one (a 404
 * for an out-of-scope case, a 409 for a stale edit) declares it with `expect(pattern)` first.
 */
export class Problems {
  readonly seen: string[] = [];
  private expected: RegExp[] = [];
  watch(page: Page): void {
    page.on('console', (m) => {
      if (m.type() === 'error') this.add(`console: ${m.text()} @ ${m.location().url}`);
    });
    page.on('pageerror', (e) => this.add(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => {
      // A download handed to the browser's download manager, or a navigation away, aborts its request.
      if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
      this.add(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) this.add(`http ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
  }
  expect(pattern: RegExp): void {
    this.expected.push(pattern);
  }
  private add(problem: string): void {
    const at = this.expected.findIndex((p) => p.test(problem));
    if (at >= 0) return;
    this.seen.push(problem);
  }
  clearExpected(): void {
    this.expected = [];
  }
}

export async function newUserPage(
  browser: Browser,
  base: string,
  problems: Problems,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: base,
    acceptDownloads: true,
    // As a person who asked for less motion: popups and charts show their final state at once, so
    // screenshots and axe never catch a half-faded overlay or a growing bar.
    reducedMotion: 'reduce',
  });
  // window.print opens the system dialog; the test records the call instead.
  await context.addInitScript(() => {
    const w = window as unknown as { __printed: number; print: () => void };
    w.__printed = 0;
    w.print = () => {
      w.__printed++;
    };
  });
  const page = await context.newPage();
  // A safety limit only: every wait is on a condition (a response, a DOM state), never on time.
  page.setDefaultTimeout(300_000);
  problems.watch(page);
  return { context, page };
}

/** The phones of the accounts with a second factor: the key bound at their first login and the last step used. */
const phones = new Map<string, { secret: string; lastStep: number }>();

/** The code the phone shows that the server has not accepted yet (each code is accepted once; ±1 step). */
async function phoneCode(phone: { secret: string; lastStep: number }): Promise<string> {
  const totp = new TOTP({
    secret: Secret.fromBase32(phone.secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
  for (;;) {
    const current = totp.counter();
    const step = Math.max(current - 1, phone.lastStep + 1);
    if (step <= current + 1) {
      phone.lastStep = step;
      return totp.generate({ timestamp: step * 30_000 });
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Logs in as a person does: password, then — for an admin (second factor required) — binding the phone at the first
 * login (reading the key shown for manual entry) or the 6-digit code of the phone at later ones.
 */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  const signedIn = page.getByTestId('user-menu');
  const codeStep = page.getByLabel('动态验证码');
  const enrolStep = page.getByRole('button', { name: '生成绑定二维码' });
  await signedIn.or(codeStep).or(enrolStep).first().waitFor();
  if (await enrolStep.isVisible()) {
    await enrolStep.click();
    const key = page.getByTestId('second-factor-key');
    await key.waitFor();
    const phone = { secret: (await key.innerText()).replace(/\s+/g, ''), lastStep: -1 };
    phones.set(username, phone);
    await page.getByLabel('动态验证码').fill(await phoneCode(phone));
    await page.getByRole('button', { name: '确认绑定' }).click();
  } else if (await codeStep.isVisible()) {
    const phone = phones.get(username);
    if (!phone)
      throw new Error(`${username}: a second factor is asked for and no phone was bound in this run`);
    await codeStep.fill(await phoneCode(phone));
    await page.getByRole('button', { name: /验\s*证/ }).click();
  }
  await signedIn.waitFor();
}

const AXE = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

/** axe-core, WCAG 2 A and AA: the serious and critical violations of the page as it is now. */
export async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> };
    };
    const result = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** A screenshot of the page at 1366×768, for people to look at (clipped labels, empty states). */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Text of the page that is Latin words (English left in the UI), ignoring codes, numbers and names. */
export async function englishWords(page: Page): Promise<string[]> {
  // Visible text only; data cells (user names, case numbers) are data, not interface text.
  const text = await page.evaluate(() => {
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest('td, script, style, [data-latin-ok]')) continue;
      const box = el.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      parts.push(node.textContent ?? '');
    }
    return parts.join(' ');
  });
  const words = text.match(/\b[A-Za-z]{3,}\b/g) ?? [];
  const allowed = new Set(['Ctrl', 'Shift', 'Excel', 'Word', 'PDF', 'xlsx', 'csv', 'docx', 'Enter', 'Tab']);
  return [...new Set(words.filter((w) => !allowed.has(w)))];
}

/** Safety limit of a step (every wait is on a condition, never on time). */
export const LONG = { timeout: 600_000 };

/** Checks a page as every page is checked: a screenshot, axe (no serious/critical), no English. */
export async function inspect(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await shoot(page, name);
  assert.deepEqual(await axe(page), [], `axe violations on ${name}`);
  assert.deepEqual(await englishWords(page), [], `English text on ${name}`);
}

/**
 * Waits until every overlay matching `selector` (a date picker's panel, a select's list, a
 * popconfirm) is hidden: antd fades them out after they close, and a half-faded one would be in
 * the screenshot and under axe.
 */
export async function overlaysHidden(page: Page, selector: string): Promise<void> {
  for (const overlay of await page.locator(selector).all()) await overlay.waitFor({ state: 'hidden' });
}

export type Suite = {
  readonly server: Server;
  readonly browser: Browser;
  readonly problems: Problems;
  /** A fresh browser context at 1366×768, signed in as `username` when given. */
  open(username?: string): Promise<{ context: BrowserContext; page: Page }>;
};

/**
 * What every browser test file sets up: Chromium, a server on a fresh demo county (started in
 * the file's `before`, stopped in its `after`) and one record of console errors and failed requests.
 */
export function browserSuite(timeout = LONG.timeout): Suite {
  const problems = new Problems();
  let server: Server | undefined;
  let browser: Browser | undefined;
  before(
    async () => {
      ensureChromium();
      server = await startServer();
      browser = await launch();
    },
    { timeout },
  );
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  const suite: Suite = {
    get server() {
      if (!server) throw new Error('the server has not started');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser has not started');
      return browser;
    },
    problems,
    async open(username) {
      const session = await newUserPage(suite.browser, suite.server.base, problems);
      if (username) await login(session.page, username);
      return session;
    },
  };
  return suite;
}
