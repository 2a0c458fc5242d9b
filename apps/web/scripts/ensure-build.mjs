#!/usr/bin/env node
// Builds the web workbench when apps/web/dist is missing or older than any of its sources
// (apps/web/src, index.html, vite.config.ts, packages/contract/src, the lock file), so
// `npm start` serves a current bundle on a fresh clone and after every pull.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(web, '../..');
const stamp = join(web, 'dist', '.build-stamp');
const sources = [
  join(web, 'src'),
  join(web, 'index.html'),
  join(web, 'vite.config.ts'),
  join(web, 'package.json'),
  join(root, 'packages/contract/src'),
  join(root, 'package-lock.json'),
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const changed = Math.max(...sources.map(newest));
if (built >= changed && existsSync(join(web, 'dist', 'index.html'))) {
  if (process.argv.includes('--verbose')) console.log('web: bundle is current');
  process.exit(0);
}
console.log('构建网页工作台（apps/web）…');
const result = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  {
    cwd: web,
    stdio: 'inherit',
  },
);
if (result.status !== 0) {
  console.error('网页工作台构建失败');
  process.exit(result.status ?? 1);
}
writeFileSync(stamp, new Date().toISOString());
