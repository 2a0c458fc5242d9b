/**
 * Benchmark (not a test): how long a work list of 200 rows takes to render in Chromium, from the
 * list response arriving (its resource timing `responseEnd`) to the 200th row in the DOM (a
 * MutationObserver) and to the next frame after it (requestAnimationFrame). p50/p95 over RUNS.
 *   npm run bench:web            (RUNS=12 DEMO_COUNT=260 by default)
 */
import { ensureChromium, launch, login, newUserPage, Problems, startServer } from '../e2e/harness.ts';

const RUNS = Number(process.env.RUNS ?? 12);
const DEMO_COUNT = Number(process.env.DEMO_COUNT ?? 260);
const ROWS = 200;

type Sample = { rowsMs: number; frameMs: number };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

ensureChromium();
console.log(`启动服务器（演示数据 ${DEMO_COUNT} 件）…`);
const server = await startServer(DEMO_COUNT);
const browser = await launch();
try {
  const problems = new Problems();
  const { context, page } = await newUserPage(browser, server.base, problems);
  await context.addInitScript((rows: number) => {
    localStorage.setItem('xf-list-page-size', '200');
    const w = window as unknown as { __bench: { responseEnd?: number; rowsAt?: number; frameAt?: number } };
    w.__bench = {};
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceResourceTiming[])
        if (/\/api\/petitions\?/.test(e.name) && e.name.includes('pageSize=200'))
          w.__bench.responseEnd = e.responseEnd;
    }).observe({ type: 'resource', buffered: true });
    const found = document.getElementsByClassName('ant-table-row');
    const observer = new MutationObserver(() => {
      if (w.__bench.rowsAt === undefined && found.length >= rows) {
        w.__bench.rowsAt = performance.now();
        requestAnimationFrame(() => {
          w.__bench.frameAt = performance.now();
        });
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  }, ROWS);
  await login(page, 'yewu');
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.goto('/petitions');
    await page.waitForFunction(() => {
      const b = (window as unknown as { __bench: { responseEnd?: number; frameAt?: number } }).__bench;
      return b.responseEnd !== undefined && b.frameAt !== undefined;
    });
    const b = await page.evaluate(
      () =>
        (window as unknown as { __bench: { responseEnd: number; rowsAt: number; frameAt: number } }).__bench,
    );
    const rows = await page.locator('tr.ant-table-row').count();
    if (rows !== ROWS) throw new Error(`列表应有 ${ROWS} 行，实际 ${rows} 行（演示数据不足？）`);
    samples.push({ rowsMs: b.rowsAt - b.responseEnd, frameMs: b.frameAt - b.responseEnd });
    console.log(
      `第${run + 1}次：响应到第200行 ${samples.at(-1)?.rowsMs.toFixed(1)} ms，到下一帧 ${samples.at(-1)?.frameMs.toFixed(1)} ms`,
    );
  }
  const rowsMs = samples.map((s) => s.rowsMs);
  const frameMs = samples.map((s) => s.frameMs);
  console.log(
    `200行列表渲染（${RUNS}次）：到第200行 p50 ${percentile(rowsMs, 50).toFixed(1)} ms，p95 ${percentile(rowsMs, 95).toFixed(1)} ms；` +
      `到下一帧 p50 ${percentile(frameMs, 50).toFixed(1)} ms，p95 ${percentile(frameMs, 95).toFixed(1)} ms`,
  );
  if (problems.seen.length > 0) console.log(`页面问题：${problems.seen.join('；')}`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
