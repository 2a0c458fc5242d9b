import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './client.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK_KEY = 7_338_201;

type JournalEntry = { idx: number; tag: string };

/** The committed migration tags in order, from the drizzle-kit journal alone (no SQL file read). */
export function listMigrationTags(dir = MIGRATIONS_DIR): string[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries.sort((a, b) => a.idx - b.idx).map((entry) => entry.tag);
}

/** Lists the committed drizzle-kit migrations in order. */
export function listMigrations(dir = MIGRATIONS_DIR): Array<{ tag: string; statements: string[] }> {
  return listMigrationTags(dir).map((tag) => ({
    tag,
    statements: readFileSync(join(dir, `${tag}.sql`), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean),
  }));
}

/**
 * Applies pending migrations (all, or those up to `upTo` — for upgrade tests), forward only. An advisory lock makes
 * concurrent starts of several instances safe: the second waits, then finds nothing to do.
 */
export async function migrate(db: Db, options: { upTo?: string } = {}): Promise<string[]> {
  // Every start (each CLI command too) usually finds the database at head: one read, no lock, no transaction.
  if (!options.upTo && (await atHead(db))) return [];
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(
      sql`create table if not exists schema_migrations (tag text primary key, applied_at timestamptz not null default now())`,
    );
    const done = await queryRows<{ tag: string }>(tx, sql`select tag from schema_migrations`);
    const doneTags = new Set(done.map((r) => r.tag));
    const all = listMigrations();
    const last = options.upTo ? all.findIndex((m) => m.tag === options.upTo) : all.length - 1;
    if (last < 0) throw new Error(`unknown migration ${options.upTo}`);
    for (const migration of all.slice(0, last + 1)) {
      if (doneTags.has(migration.tag)) continue;
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into schema_migrations (tag) values (${migration.tag})`);
      applied.push(migration.tag);
    }
  });
  return applied;
}

/** True when every committed migration is recorded as applied (a database made by an older version is not). */
async function atHead(db: Db): Promise<boolean> {
  const [{ exists }] = await queryRows<{ exists: boolean }>(
    db,
    sql`select to_regclass('schema_migrations') is not null as exists`,
  );
  if (!exists) return false;
  const done = new Set(
    (await queryRows<{ tag: string }>(db, sql`select tag from schema_migrations`)).map((r) => r.tag),
  );
  return listMigrationTags().every((tag) => done.has(tag));
}
