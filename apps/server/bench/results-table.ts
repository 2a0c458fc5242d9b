import { readFileSync, writeFileSync } from 'node:fs';

/** What the run measured (bench/run.ts writes the same object to results.json). */
/** cpuMs: CPU milliseconds per call, when the run measured it. */
export type Percentiles = { p50: number; p95: number; cpuMs?: number };
type Size = {
  reads: Record<string, Percentiles>;
  report: { report: Percentiles; groupBy: Percentiles; ratio: number; rssPeakMb: number };
};
export type BenchResults = {
  date: string;
  command: string;
  machine: string;
  postgres: {
    /** Absent from an intake-only run (`BENCH_ONLY=intake`). */
    sizes?: Record<string, Size>;
    growthP95?: Record<string, number>;
    intake: {
      clients: number;
      bureaus: number;
      registrationsPerSecond: number;
      oneBureauPerSecond: number;
      pgbenchInsertCeiling: number;
      ratioToCeiling: number;
      serverRssPeakMb: number;
      /** CPU per registration (spread load), and the rate all cores would allow (absent before session 18). */
      cpuMsPerRegistration?: { server: number; postgres: number; loadGenerator: number };
      cpuBoundPerSecond?: number;
    };
  };
  pglite: {
    petitions: number;
    reads: Record<string, Percentiles>;
    report: Percentiles;
    rssMb: number;
  } | null;
};

const READ_NAMES: Record<string, string> = {
  'list.county': '县信访局默认工作列表',
  'list.province': '省信访局默认工作列表',
  'list.department': '部门默认工作列表',
  'list.filtered': '按状态筛选的列表',
  'list.page50': '第 50 页（县）',
  'list.page1000': '第 1000 页（省）',
  'search.words': '全文检索',
  'search.caseNo': '按编号检索',
  'search.name': '按姓名检索',
  case: '案件页',
  repeat: '重复信访查找',
};

const verdict = (met: boolean) => (met ? 'met' : '**missed**');
const n = (x: number) => x.toLocaleString('en-US');

/** The dated table of one run: every figure of issue 10's "What it must show", met or missed. */
export function resultsMarkdown(r: BenchResults): string {
  const i = r.postgres.intake;
  const rows: string[][] = [];
  rows.push([
    `intake, ${i.clients} clients over ${i.bureaus} bureaus`,
    `${n(i.registrationsPerSecond)} registrations/s vs pgbench ${n(i.pgbenchInsertCeiling)} inserts/s = ${i.ratioToCeiling}`,
    '≥ 0.5 of the ceiling',
    verdict(i.ratioToCeiling >= 0.5),
  ]);
  rows.push([
    `intake, ${i.clients} clients on one bureau`,
    `${n(i.oneBureauPerSecond)} registrations/s`,
    'recorded (one counter commit at a time)',
    '—',
  ]);
  if (i.cpuMsPerRegistration && i.cpuBoundPerSecond) {
    const c = i.cpuMsPerRegistration;
    rows.push([
      'CPU per registration (16 bureaus)',
      `server ${c.server} ms, PostgreSQL ${c.postgres} ms, load generator ${c.loadGenerator} ms: every core busy would allow ${n(i.cpuBoundPerSecond)} registrations/s = ${Math.round((i.cpuBoundPerSecond / i.pgbenchInsertCeiling) * 1000) / 1000} of the ceiling`,
      'recorded (the bound no scheduling of the same work passes)',
      '—',
    ]);
  }
  rows.push(['server RSS under intake', `${i.serverRssPeakMb} MB`, 'recorded', '—']);
  if (r.postgres.sizes && r.postgres.growthP95)
    rows.push(...sizeRows(r.postgres.sizes, r.postgres.growthP95));
  rows.push(['1M-row ledger import', 'not measured by this run', '≤ 2 min', '—']);
  if (r.pglite) rows.push(...pgliteRows(r.pglite));
  const table = [
    '| figure | measured | target | verdict |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  return `### ${r.date.slice(0, 10)} — \`${r.command}\`\n\nMachine: ${r.machine}, shared with other engineers' test runs (figures from one run; read them as ratios).\n\n${table}\n`;
}

/** The report and read figures of the sizes a full run built. */
function sizeRows(bySize: Record<string, Size>, growthP95: Record<string, number>): string[][] {
  const sizes = Object.keys(bySize)
    .map(Number)
    .sort((a, b) => a - b);
  const small = sizes[0];
  const large = sizes[sizes.length - 1];
  const big = bySize[large];
  const rows: string[][] = [];
  rows.push([
    `half-year report vs hand GROUP BY, ${n(large)}`,
    `${big.report.report.p50} ms vs ${big.report.groupBy.p50} ms = ${big.report.ratio}×`,
    '≤ 1.5×',
    verdict(big.report.ratio <= 1.5),
  ]);
  rows.push([
    `half-year report, ${n(large)}`,
    `p50 ${big.report.report.p50} ms, p95 ${big.report.report.p95} ms`,
    large >= 1_000_000 ? '≤ 1 s at 1M' : '≤ 1 s (target at 1M)',
    verdict(big.report.report.p95 <= 1000),
  ]);
  rows.push([
    `server RSS during the report, ${n(large)}`,
    `${big.report.rssPeakMb} MB`,
    '≤ 300 MB',
    verdict(big.report.rssPeakMb <= 300),
  ]);
  for (const [key, name] of Object.entries(READ_NAMES)) {
    const growth = growthP95[key];
    const p95 = big.reads[key]?.p95;
    rows.push([
      `${name} (${key}), p95 ${n(small)} → ${n(large)}`,
      `${bySize[small].reads[key]?.p95} → ${p95} ms, growth ${growth}×`,
      '≤ 1.3× and ≤ 200 ms',
      verdict(growth <= 1.3 && p95 <= 200),
    ]);
  }
  return rows;
}

/** The county-scale figures of the embedded database. */
function pgliteRows(pglite: NonNullable<BenchResults['pglite']>): string[][] {
  const rows: string[][] = [];
  for (const [key, name] of Object.entries(READ_NAMES)) {
    const p95 = pglite.reads[key]?.p95;
    rows.push([
      `PGlite ${n(pglite.petitions)}: ${name} (${key})`,
      `p95 ${p95} ms`,
      '≤ 100 ms',
      verdict(p95 <= 100),
    ]);
  }
  rows.push([
    `PGlite ${n(pglite.petitions)}: half-year report`,
    `p95 ${pglite.report.p95} ms`,
    '≤ 100 ms',
    verdict(pglite.report.p95 <= 100),
  ]);
  rows.push([`PGlite ${n(pglite.petitions)}: process RSS`, `${pglite.rssMb} MB`, 'recorded', '—']);
  return rows;
}

/** Puts the table of a run right under `<!-- RESULTS -->` in docs/benchmarks.md (newest first). */
export function recordResults(docPath: string, markdown: string): void {
  const doc = readFileSync(docPath, 'utf8');
  const marker = '<!-- RESULTS -->';
  if (!doc.includes(marker)) throw new Error(`${docPath}: no ${marker} marker`);
  writeFileSync(docPath, doc.replace(marker, `${marker}\n\n${markdown}`));
}

/** What `BENCH_ONLY=reads` measured: the reads at each size on PostgreSQL and on PGlite. */
export type ReadsResults = {
  date: string;
  command: string;
  machine: string;
  postgres: {
    /** load: the 1-minute load average when the reads ended (runs before 2026-11-25 03:30 have none). */
    sizes: Record<string, { reads: Record<string, Percentiles>; load?: number }>;
    growthP95: Record<string, number>;
    /** CPU per call at the largest size ÷ at the smallest (runs before 2026-11-25 03:30 have none). */
    growthCpu?: Record<string, number>;
  };
  pglite: {
    petitions: number;
    reads: Record<string, Percentiles>;
    report?: Percentiles | null;
    load?: number;
    rssMb: number;
  };
};

/** " Load average …" when the run recorded it. */
const loads = (r: ReadsResults, sizes: number[]) =>
  sizes.some((x) => r.postgres.sizes[x].load !== undefined)
    ? ` Load average when the reads ended: ${sizes.map((x) => `${n(x)}: ${r.postgres.sizes[x].load}`).join(', ')}; PGlite: ${r.pglite.load}.`
    : '';

/** " (CPU a → b ms/call, c×)" when the run measured CPU per call. */
const cpuNote = (a: Percentiles, b: Percentiles, growth: number | undefined) =>
  a.cpuMs === undefined || b.cpuMs === undefined
    ? ''
    : `; CPU ${a.cpuMs} → ${b.cpuMs} ms/call${growth === undefined ? '' : `, ${growth}×`}`;

/** The reads' table alone (p95 at each size, growth, verdict against issue 10's targets). */
export function readsMarkdown(r: ReadsResults): string {
  const sizes = Object.keys(r.postgres.sizes)
    .map(Number)
    .sort((a, b) => a - b);
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const rows = Object.entries(READ_NAMES).map(([key, label]) => {
    const a = r.postgres.sizes[small].reads[key];
    const b = r.postgres.sizes[large].reads[key];
    const growth = r.postgres.growthP95[key];
    return [
      `${label} (${key}), p95 ${n(small)} → ${n(large)}`,
      `${a.p95} → ${b.p95} ms, growth ${growth}×${cpuNote(a, b, r.postgres.growthCpu?.[key])}`,
      '≤ 1.3× and ≤ 200 ms',
      verdict(growth <= 1.3 && b.p95 <= 200),
    ];
  });
  for (const [key, label] of Object.entries(READ_NAMES)) {
    const x = r.pglite.reads[key];
    rows.push([
      `PGlite ${n(r.pglite.petitions)}: ${label} (${key})`,
      `p95 ${x.p95} ms${x.cpuMs === undefined ? '' : `; CPU ${x.cpuMs} ms/call`}`,
      '≤ 100 ms',
      verdict(x.p95 <= 100),
    ]);
  }
  const report = r.pglite.report;
  if (report)
    rows.push([
      `PGlite ${n(r.pglite.petitions)}: half-year report`,
      `p95 ${report.p95} ms${report.cpuMs === undefined ? '' : `; CPU ${report.cpuMs} ms/call`}`,
      '≤ 100 ms',
      verdict(report.p95 <= 100),
    ]);
  rows.push([`PGlite ${n(r.pglite.petitions)}: process RSS`, `${r.pglite.rssMb} MB`, 'recorded', '—']);
  return [
    `### ${r.date.slice(0, 10)} — \`${r.command}\``,
    '',
    `Machine: ${r.machine}.${loads(r, sizes)}`,
    '',
    '| figure | measured | target | verdict |',
    '|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
  ].join('\n');
}
