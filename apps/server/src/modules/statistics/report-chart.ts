import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { CJK_FONT_FAMILY } from './chart-font.ts';
import { chartFontFileFor } from './chart-font-subset.ts';

/** A grouped bar chart: categories along x, one bar per series, each bar labelled with its value. */
export type BarChartSpec = {
  title: string;
  categories: string[];
  series: Array<{ name: string; values: number[] }>;
  xAxisName: string;
  yAxisName: string;
};

export type RenderedChart = {
  /** The chart as SVG (ECharts server-side rendering): what Word shows. */
  svg: string;
  /** The same SVG rasterised (resvg, with a CJK font): what LibreOffice and Excel show. */
  png: Buffer;
  width: number;
  height: number;
  /** The figures in words, for the image's alternative text. */
  description: string;
};

const FONT_STACK = `'${CJK_FONT_FAMILY}', 'Microsoft YaHei', SimSun, sans-serif`;
const COLORS = ['#1f5fa8', '#d4822b', '#3c9d6e', '#b8433f'];

/** Draws the chart once with ECharts and rasterises that drawing, so both renderings agree. */
export function renderBarChart(spec: BarChartSpec, width = 720, height = 400): RenderedChart {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    color: COLORS,
    textStyle: { fontFamily: FONT_STACK },
    title: { text: spec.title, left: 'center', top: 10, textStyle: { fontSize: 18, fontFamily: FONT_STACK } },
    legend: { top: 44, textStyle: { fontSize: 13, fontFamily: FONT_STACK } },
    grid: { left: 70, right: 80, top: 90, bottom: 60 },
    xAxis: {
      type: 'category',
      data: spec.categories,
      name: spec.xAxisName,
      nameLocation: 'end',
      axisLabel: { fontSize: 13, fontFamily: FONT_STACK },
      nameTextStyle: { fontSize: 13, fontFamily: FONT_STACK },
    },
    yAxis: {
      type: 'value',
      name: spec.yAxisName,
      minInterval: 1,
      axisLabel: { fontSize: 12, fontFamily: FONT_STACK },
      nameTextStyle: { fontSize: 13, fontFamily: FONT_STACK },
    },
    series: spec.series.map((s) => ({
      name: s.name,
      type: 'bar',
      data: s.values,
      barMaxWidth: 36,
      label: { show: true, position: 'top', fontSize: 12, fontFamily: FONT_STACK },
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const png = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: width * 2 },
    // The CJK font cut to this chart's characters: loading the whole collection took most of a render.
    font: {
      fontFiles: [chartFontFileFor(svg)],
      loadSystemFonts: false,
      defaultFontFamily: CJK_FONT_FAMILY,
      sansSerifFamily: CJK_FONT_FAMILY,
    },
  })
    .render()
    .asPng();
  const description = spec.categories
    .map((c, i) => `${c}${spec.series.map((s) => `${s.name}${s.values[i]}`).join('、')}`)
    .join('；');
  return { svg, png: Buffer.from(png), width, height, description };
}
