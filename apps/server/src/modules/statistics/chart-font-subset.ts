import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { CJK_FONT_FAMILY, cjkFontFile } from './chart-font.ts';
import { faceIndexOfFamily } from './font-collection.ts';

/**
 * The CJK font cut down to the characters one chart draws (HarfBuzz's hb-subset, the harfbuzzjs
 * WebAssembly build). The rasteriser then loads a font of a few dozen KB instead of parsing the
 * 19.5 MB Noto CJK collection on every chart; the collection is read into HarfBuzz once per process.
 * The subset goes to a file in a per-process temporary folder: resvg-js reads `fontFiles` at once,
 * while its `fontBuffers` path took seconds even for a 16 KB font (measured, resvg-js 2.6).
 */

type HbSubset = {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, lengthOut: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
};

const HB_MEMORY_MODE_WRITABLE = 2;

type LoadedFont = { hb: HbSubset; face: number; file: string };
let loaded: LoadedFont | undefined;

function loadFont(): LoadedFont {
  const file = cjkFontFile();
  if (loaded?.file === file) return loaded;
  const wasmPath = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {});
  const hb = instance.exports as unknown as HbSubset;
  const font = readFileSync(file);
  const ptr = hb.malloc(font.byteLength);
  new Uint8Array(hb.memory.buffer, ptr, font.byteLength).set(font);
  // HarfBuzz owns the copy from here on (the blob and face live as long as the process).
  const blob = hb.hb_blob_create(ptr, font.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, faceIndexOfFamily(font, CJK_FONT_FAMILY));
  hb.hb_blob_destroy(blob);
  loaded = { hb, face, file };
  return loaded;
}

const cache = new Map<string, string>();
const CACHE_SIZE = 32;
let folder: string | undefined;

/**
 * The path of a font (OpenType) holding exactly the glyphs for the characters of `text`, cached
 * by that set of characters.
 */
export function chartFontFileFor(text: string): string {
  const codepoints = [...new Set(Array.from(text, (c) => c.codePointAt(0) ?? 0))].sort((a, b) => a - b);
  const key = String.fromCodePoint(...codepoints);
  const hit = cache.get(key);
  if (hit) return hit;
  const { hb, face } = loadFont();
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error('hb-subset: out of memory');
  const unicodes = hb.hb_subset_input_unicode_set(input);
  for (const cp of codepoints) hb.hb_set_add(unicodes, cp);
  const subset = hb.hb_subset_or_fail(face, input);
  hb.hb_subset_input_destroy(input);
  if (subset === 0) throw new Error('hb-subset: the chart font could not be subset');
  const blob = hb.hb_face_reference_blob(subset);
  const data = hb.hb_blob_get_data(blob, 0);
  const length = hb.hb_blob_get_length(blob);
  folder ??= mkdtempSync(join(tmpdir(), 'xf-chart-font-'));
  const file = join(folder, `${cache.size}-${Date.now()}.otf`);
  writeFileSync(file, new Uint8Array(hb.memory.buffer, data, length));
  hb.hb_blob_destroy(blob);
  hb.hb_face_destroy(subset);
  if (cache.size >= CACHE_SIZE) {
    const [oldest, path] = cache.entries().next().value as [string, string];
    cache.delete(oldest);
    rmSync(path, { force: true });
  }
  cache.set(key, file);
  return file;
}
