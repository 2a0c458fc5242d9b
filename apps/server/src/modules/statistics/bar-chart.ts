import { PNG } from 'pngjs';

export type Bar = { label: string; value: number };

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const COLORS = ['#c23531', '#2f4554', '#61a0a8', '#d48265', '#91c7ae', '#749f83', '#ca8622', '#bda29a'];

/** Layout shared by the vector chart and its raster fallback. */
function layout(bars: Bar[], width: number, height: number) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const left = 60;
  const bottom = height - 70;
  const top = 50;
  const slot = (width - left - 20) / Math.max(1, bars.length);
  return bars.map((b, i) => {
    const h = Math.round(((bottom - top) * b.value) / max);
    return {
      ...b,
      x: Math.round(left + i * slot + slot * 0.2),
      w: Math.max(2, Math.round(slot * 0.6)),
      y: bottom - h,
      h,
      color: COLORS[i % COLORS.length],
    };
  });
}

/** A bar chart as SVG (Word and WPS render it with their own Chinese fonts). */
export function barChartSvg(title: string, bars: Bar[], width = 640, height = 360): string {
  const placed = layout(bars, width, height);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="28" font-size="18" text-anchor="middle" font-family="SimSun, 'Noto Sans CJK SC', sans-serif">${escapeXml(title)}</text>`,
    `<line x1="60" y1="${height - 70}" x2="${width - 20}" y2="${height - 70}" stroke="#333"/>`,
  ];
  for (const b of placed) {
    parts.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="${b.color}"/>`);
    parts.push(
      `<text x="${b.x + b.w / 2}" y="${b.y - 6}" font-size="13" text-anchor="middle" font-family="sans-serif">${b.value}</text>`,
    );
    parts.push(
      `<text x="${b.x + b.w / 2}" y="${height - 50}" font-size="13" text-anchor="middle" font-family="SimSun, 'Noto Sans CJK SC', sans-serif">${escapeXml(b.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The same bars as a PNG (the raster fallback that .docx requires next to an SVG). */
export function barChartPng(bars: Bar[], width = 640, height = 360): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(0xff);
  const paint = (x: number, y: number, w: number, h: number, hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    for (let yy = Math.max(0, y); yy < Math.min(height, y + h); yy++) {
      for (let xx = Math.max(0, x); xx < Math.min(width, x + w); xx++) {
        const o = (yy * width + xx) * 4;
        png.data[o] = r;
        png.data[o + 1] = g;
        png.data[o + 2] = b;
        png.data[o + 3] = 0xff;
      }
    }
  };
  paint(60, height - 70, width - 80, 1, '#333333');
  for (const b of layout(bars, width, height)) paint(b.x, b.y, b.w, b.h, b.color);
  return PNG.sync.write(png);
}
