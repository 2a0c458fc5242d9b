import { Resvg } from '@resvg/resvg-js';
import { CJK_FONT_FAMILY, cjkFontFile } from '../src/modules/statistics/chart-font.ts';
import { renderBarChart } from '../src/modules/statistics/report-chart.ts';

/**
 * `npm run bench:chart`: one report chart rasterised the old way (resvg loading the whole CJK
 * collection for each chart) and the current way (renderBarChart: the font subset to the chart's
 * characters, made once per character set), alternating in one run so machine load hits both alike.
 */
const RUNS = Number(process.env.RUNS ?? 6);
const spec = (i: number) => ({
  title: `2026年第${(i % 4) + 1}季度各类信访批次与人次`,
  categories: ['来访', '来信', '网上信访', '电话'],
  series: [
    { name: '批次（件）', values: [12 + i, 5, 30, 7] },
    { name: '人次', values: [20, 6 + i, 31, 9] },
  ],
  xAxisName: '信访形式',
  yAxisName: '数量',
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const before: number[] = [];
const after: number[] = [];
for (let i = 0; i < RUNS; i++) {
  let t = performance.now();
  const chart = renderBarChart(spec(i));
  after.push(performance.now() - t);
  t = performance.now();
  new Resvg(chart.svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: chart.width * 2 },
    font: { fontFiles: [cjkFontFile()], loadSystemFonts: false, defaultFontFamily: CJK_FONT_FAMILY },
  })
    .render()
    .asPng();
  // The old way also drew the SVG with ECharts first: count that part from the new render's SVG.
  before.push(performance.now() - t);
  console.log(
    `第${i + 1}次：现在（含 ECharts）${after.at(-1)?.toFixed(0)} ms；整套字体栅格化（不含 ECharts）${before.at(-1)?.toFixed(0)} ms`,
  );
}
console.log(
  `统计图（${RUNS}次，中位数）：现在整张图 ${median(after).toFixed(0)} ms（首张 ${after[0].toFixed(0)} ms，含载入字体集）；` +
    `原先仅栅格化一步 ${median(before).toFixed(0)} ms`,
);
process.exit(0);
