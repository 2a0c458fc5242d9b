#!/usr/bin/env node
// Part of `npm start`: the report charts are drawn on the server with a CJK font (no npm package
// ships one the rasteriser can read). When none is found, Debian's fonts-noto-cjk is installed
// with apt-get (as the browser tests do); when that is not possible, start stops with the reason.
import { execFileSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

register();
const { cjkFontFile, MissingCjkFontError } = await import('../src/modules/statistics/chart-font.ts');

const found = () => {
  try {
    return cjkFontFile();
  } catch (error) {
    if (error instanceof MissingCjkFontError) return null;
    throw error;
  }
};

if (!found() && !process.env.XINFANG_CJK_FONT) {
  console.log('未找到中文字体，安装 fonts-noto-cjk（apt-get）…');
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'fonts-noto-cjk'], { stdio: 'inherit', env });
  } catch {
    // Reported below with what to do.
  }
}
if (!found()) {
  console.error(new MissingCjkFontError().message);
  process.exit(1);
}
