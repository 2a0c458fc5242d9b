import { existsSync } from 'node:fs';

/**
 * The CJK font the server-side charts are drawn with. No npm package ships a CJK font resvg can
 * read (they ship web subsets as woff2), so the start command installs Debian's fonts-noto-cjk
 * (apps/web/scripts/ensure-build.mjs); XINFANG_CJK_FONT names another .ttf/.otf/.ttc.
 */
export const CJK_FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf',
  '/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
];

/** The family name every chart asks for; the font file above provides it. */
export const CJK_FONT_FAMILY = 'Noto Sans CJK SC';

export class MissingCjkFontError extends Error {
  constructor() {
    super(
      '缺少中文字体，无法绘制统计图：请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk），或用环境变量 XINFANG_CJK_FONT 指定中文字体文件（.ttf/.otf/.ttc）',
    );
    this.name = 'MissingCjkFontError';
  }
}

/** The font file to use, or an error naming how to provide one. */
export function cjkFontFile(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.XINFANG_CJK_FONT;
  if (configured) {
    if (!existsSync(configured)) throw new MissingCjkFontError();
    return configured;
  }
  const found = CJK_FONT_CANDIDATES.find((f) => existsSync(f));
  if (!found) throw new MissingCjkFontError();
  return found;
}
