import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { checkpointFile } from '../audit/audit-checkpoint.ts';

/**
 * `xinfang backup FILE` / `xinfang restore FILE`: a gzip'd JSON-lines file holding every table
 * (read in one REPEATABLE READ snapshot, so it is consistent while the server writes) — attachment
 * bytes included, as they live in the `blobs` table —, the audit checkpoints and the ids of the keys the data needs (never the
 * keys themselves: keep the key file apart). The same file restores on PGlite and PostgreSQL.
 */
export type BackupHeader = {
  format: 'xinfang-backup';
  version: 1;
  createdAt: string;
  migrations: string[];
  keyIds: string[];
  auditAlgorithm: string;
};

type Line =
  | { header: BackupHeader }
  | { table: string; rows: unknown[] }
  | { checkpoints: string }
  | { end: { tables: Record<string, number>; attachments: number } };

const CHUNK = 500;
/** File contents go one row per fetch: a chunk of 500 attachments could be gigabytes. */
const chunkOf = (table: string) => (table === 'blobs' ? 1 : CHUNK);
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function tablesOf(db: Db): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'
        order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** A table's stored columns, as a select list: generated ones (units.region_prefix) are derived again. */
async function storedColumns(db: Db, table: string): Promise<string> {
  const rows = await queryRows<{ column_name: string }>(
    db,
    sql`select column_name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
        order by ordinal_position`,
  );
  return rows.map((r) => ident(r.column_name)).join(', ');
}

/** `attachments`: the file contents carried (rows of `blobs`). */
export type BackupSummary = { tables: Record<string, number>; attachments: number };

export async function backupTo(deps: Deps, file: string): Promise<BackupSummary> {
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: Line) => {
    if (!gzip.write(`${JSON.stringify(line)}\n`)) await once(gzip, 'drain');
  };
  const summary: BackupSummary = { tables: {}, attachments: 0 };
  await deps.db.transaction(
    async (tx) => {
      const migrations = await queryRows<{ tag: string }>(
        tx,
        sql`select tag from schema_migrations order by tag`,
      );
      await write({
        header: {
          format: 'xinfang-backup',
          version: 1,
          createdAt: deps.now().toISOString(),
          migrations: migrations.map((m) => m.tag),
          keyIds: [...deps.crypto.keyring.keys.keys()],
          auditAlgorithm: deps.crypto.auditAlgorithm,
        },
      });
      for (const table of await tablesOf(tx)) {
        summary.tables[table] = 0;
        await tx.execute(
          sql.raw(
            `declare xf_backup no scroll cursor for select row_to_json(t) as j from (select ${await storedColumns(tx, table)} from ${ident(table)}) t`,
          ),
        );
        for (;;) {
          const rows = await queryRows<{ j: Record<string, unknown> }>(
            tx,
            sql.raw(`fetch ${chunkOf(table)} from xf_backup`),
          );
          if (rows.length === 0) break;
          summary.tables[table] += rows.length;
          await write({ table, rows: rows.map((r) => r.j) });
        }
        await tx.execute(sql.raw('close xf_backup'));
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  summary.attachments = summary.tables.blobs ?? 0;
  const checkpoints = checkpointFile(deps);
  if (existsSync(checkpoints)) await write({ checkpoints: readFileSync(checkpoints, 'utf8') });
  await write({ end: summary });
  gzip.end();
  await once(out, 'close');
  return summary;
}

/**
 * Restores a backup into an empty instance (migrated, no users yet), in one transaction: the
 * backup must come from the same migration set, and this instance must hold every key it names.
 */
export async function restoreFrom(deps: Deps, file: string): Promise<BackupSummary> {
  const summary: BackupSummary = { tables: {}, attachments: 0 };
  let ended = false;
  const columnsOf = new Map<string, string>();
  await deps.db.transaction(async (tx) => {
    const [{ users }] = await queryRows<{ users: number }>(tx, sql`select count(*)::int as users from users`);
    if (users > 0)
      throw new Error('恢复只能在空实例上进行：当前数据库已有用户。请使用新的数据目录或空数据库');
    const migrations = (
      await queryRows<{ tag: string }>(tx, sql`select tag from schema_migrations order by tag`)
    ).map((m) => m.tag);
    // Rows arrive table by table; foreign keys are checked by the source database already.
    await tx.execute(sql`set local session_replication_role = replica`);
    let header: BackupHeader | undefined;
    // Opened only now: readline drops lines emitted before iteration starts.
    const lines = createInterface({
      input: createReadStream(file).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    for await (const text of lines) {
      if (!text.trim()) continue;
      const line = JSON.parse(text) as Line;
      if ('header' in line) {
        header = line.header;
        if (header.format !== 'xinfang-backup') throw new Error('不是 xinfang 备份文件');
        if (header.migrations.join(',') !== migrations.join(','))
          throw new Error(
            `备份来自不同的数据库版本（备份 ${header.migrations.at(-1)}，当前 ${migrations.at(-1)}）：请用相同版本的 xinfang 恢复`,
          );
        const missing = header.keyIds.filter((id) => !deps.crypto.keyring.keys.has(id));
        if (missing.length)
          throw new Error(
            `缺少个人信息加密密钥 ${missing.join('、')}：请先放置备份来源实例的密钥文件或环境变量`,
          );
        // Migrations may seed reference rows: the backup's rows replace every table's content.
        for (const table of await tablesOf(tx)) {
          await tx.execute(sql.raw(`delete from ${ident(table)}`));
          summary.tables[table] = 0;
        }
        continue;
      }
      if (!header) throw new Error('备份文件缺少文件头');
      if ('table' in line) {
        let columns = columnsOf.get(line.table);
        if (columns === undefined) {
          columns = await storedColumns(tx, line.table);
          columnsOf.set(line.table, columns);
        }
        await tx.execute(
          sql`insert into ${sql.raw(ident(line.table))} (${sql.raw(columns)}) select ${sql.raw(columns)} from json_populate_recordset(null::${sql.raw(ident(line.table))}, ${JSON.stringify(line.rows)}::json)`,
        );
        summary.tables[line.table] = (summary.tables[line.table] ?? 0) + line.rows.length;
      } else if ('checkpoints' in line) {
        mkdirSync(deps.checkpointDir, { recursive: true });
        writeFileSync(checkpointFile(deps), line.checkpoints, { mode: 0o600 });
      } else if ('end' in line) {
        for (const [table, count] of Object.entries(line.end.tables))
          if ((summary.tables[table] ?? 0) !== count)
            throw new Error(
              `备份文件不完整：表 ${table} 应有 ${count} 行，读到 ${summary.tables[table] ?? 0} 行`,
            );
        ended = true;
      }
    }
    if (!ended) throw new Error('备份文件不完整（缺少结尾标记），未恢复任何数据');
    summary.attachments = summary.tables.blobs ?? 0;
    // Serial columns continue after the restored ids.
    const serials = await queryRows<{ table_name: string; column_name: string }>(
      tx,
      sql`select table_name, column_name from information_schema.columns
          where table_schema = current_schema() and column_default like 'nextval(%'`,
    );
    for (const s of serials) {
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('${ident(s.table_name)}', '${s.column_name}'), coalesce((select max(${ident(s.column_name)}) from ${ident(s.table_name)}), 0) + 1, false)`,
        ),
      );
    }
  });
  return summary;
}
