#!/usr/bin/env node
// The JS the login page loads before anything else: the entry script of dist/index.html and
// every chunk it preloads, gzip-compressed (level 9), in KB. Pages load their own chunks later.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let raw = 0;
let gz = 0;
for (const f of files) {
  const content = readFileSync(join(dist, f));
  raw += content.length;
  gz += gzipSync(content, { level: 9 }).length;
}
console.log(
  `login page initial JS: ${files.length} files, ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip`,
);
