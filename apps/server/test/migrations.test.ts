import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const serverDir = resolve(import.meta.dirname, '..');

describe('migrations', () => {
  it('match the Drizzle schema (drizzle-kit generates nothing new)', () => {
    const out = mkdtempSync(join(tmpdir(), 'xf-migrations-'));
    cpSync(join(serverDir, 'src/db/migrations'), out, { recursive: true });
    const config = join(out, 'drizzle.check.config.ts');
    writeFileSync(
      config,
      `export default { dialect: 'postgresql', schema: './src/db/schema/index.ts', out: ${JSON.stringify(relative(serverDir, out))} };\n`,
    );
    const before = readdirSync(out).filter((f) => f.endsWith('.sql'));
    const output = execFileSync(
      join(serverDir, '../../node_modules/.bin/drizzle-kit'),
      ['generate', '--config', config],
      {
        cwd: serverDir,
        encoding: 'utf8',
      },
    );
    const after = readdirSync(out).filter((f) => f.endsWith('.sql'));
    expect(output).toContain('No schema changes');
    expect(after, output).toEqual(before);
  });
});
