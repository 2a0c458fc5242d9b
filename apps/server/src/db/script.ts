import { createHash } from 'node:crypto';
import { Placeholder, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

const dialect = new PgDialect();

/**
 * The tag of dollar-quoted literals. A text without `$xf` cannot close it early: the first `$xf$`
 * after the opening tag is the closing one.
 */
const DOLLAR_TAG = '$xf$';

/**
 * A value as an SQL literal. Texts are dollar-quoted; one that contains `$xf` is an escape-string
 * literal (E'…', backslashes and quotes doubled), read the same whatever `standard_conforming_strings`
 * says. Only the kinds a script's
 * statements pass (text, JSON as text, numbers, booleans, null): anything else is a programming
 * error, never guessed at.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string')
    // Dollar-quoted as it is (nothing to escape, and the database scans it without unescaping) unless
    // the text could close the quote: then an escape-string literal.
    return value.includes(DOLLAR_TAG.slice(0, -1))
      ? `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
      : `${DOLLAR_TAG}${value}${DOLLAR_TAG}`;
  throw new TypeError(`no SQL literal for a ${typeof value} parameter`);
}

/** A statement's text with placeholders (what a log may show) and its parameters as literals. */
export type Inlined = { withPlaceholders: string; literals: string[] };

export function inlineStatement(statement: SQL): Inlined {
  const { sql: withPlaceholders, params } = dialect.sqlToQuery(statement);
  return { withPlaceholders, literals: params.map(sqlLiteral) };
}

/**
 * A statement built once for many scripts: its text with placeholders, and its parameters, some of
 * them named placeholders (`sql.placeholder(name)`) that each script fills (`fillTemplate`).
 */
export type StatementTemplate = { withPlaceholders: string; params: unknown[] };

export function statementTemplate(statement: SQL): StatementTemplate {
  const { sql: withPlaceholders, params } = dialect.sqlToQuery(statement);
  return { withPlaceholders, params };
}

/** The template with its named placeholders given values: the statement as a script sends it. */
export function fillTemplate(template: StatementTemplate, values: Record<string, unknown>): Inlined {
  return {
    withPlaceholders: template.withPlaceholders,
    literals: template.params.map((p) => {
      if (!(p instanceof Placeholder)) return sqlLiteral(p);
      if (!(p.name in values)) throw new Error(`no value for placeholder ${p.name}`);
      return sqlLiteral(values[p.name]);
    }),
  };
}

type ResultLike = { rows: Array<Record<string, unknown>> };
type Query = (text: string) => Promise<ResultLike[]>;

/** The prefix of the statements scripts prepare (`pg_prepared_statements.name`). */
const PREPARED_PREFIX = 'xf_script_';

/**
 * The statements each database session has prepared for scripts (a pool's connection, a PGlite
 * instance), by name: the name is a digest of the statement's text with placeholders, so a
 * statement is parsed and planned once per session, whatever values it is executed with.
 */
const preparedBySession = new WeakMap<object, Set<string>>();

/**
 * At most this many per session: a statement's text varies with the columns its rows carry (a few
 * shapes per kind of batch), and each prepared one keeps its plan in the session's memory. Past it,
 * the script deallocates the session's script statements first and prepares afresh.
 */
export const MAX_PREPARED_PER_SESSION = 32;

/** Names of the statements seen lately (a template's text is the same string every time). */
const namesByText = new Map<string, string>();

const statementName = (withPlaceholders: string) => {
  let name = namesByText.get(withPlaceholders);
  if (name === undefined) {
    name = PREPARED_PREFIX + createHash('sha256').update(withPlaceholders).digest('hex').slice(0, 32);
    if (namesByText.size >= 4 * MAX_PREPARED_PER_SESSION) namesByText.clear();
    namesByText.set(withPlaceholders, name);
  }
  return name;
};

/**
 * After a failed script, what the session holds: a PREPARE before the failing statement stays
 * (prepared statements outlive a rollback), one after it never ran.
 */
async function relearnPrepared(prepared: Set<string>, query: Query): Promise<void> {
  const [found] = await query(
    `select name from pg_prepared_statements where name like '${PREPARED_PREFIX}%'`,
  );
  prepared.clear();
  for (const row of found.rows) prepared.add(String(row.name));
}

/** One database session, as a script uses it. */
type Session = {
  /** The session's identity (a pool's connection, a PGlite instance). */
  key: object;
  /** Runs `fn` with the session to itself, in one transaction: nobody else prepares meanwhile. */
  alone: <T>(fn: (script: Query) => Promise<T>) => Promise<T>;
  /** A statement outside the script's transaction. */
  query: Query;
  /** The session could not say what it holds after a failure: it must not be used again. */
  lost: () => void;
};

/**
 * Several statements sent together (one round trip: a simple query of several statements), run in
 * one transaction and committed with the last, or none of them when one fails. Answers each
 * statement's rows. A statement may read what an earlier one wrote and its transaction-local
 * settings (`set_config(…, true)`), and each one's AFTER triggers fire before the next begins.
 *
 * Each statement is prepared once per session (`PREPARE`, sent ahead of its first `EXECUTE` in the
 * same round trip) and executed with its parameters as literals: the session plans it once, not
 * for every script (long statements of many columns cost more to parse and plan than to run).
 *
 * Each round trip costs the server a system call and a wake-up of the database's backend, and
 * waits for an event loop busy with other requests: a writer that sends its batch this way pays
 * that once instead of once per statement and again for BEGIN and COMMIT.
 */
export function runScript(db: Db, statements: SQL[]): Promise<Array<ResultLike['rows']>> {
  return runInlined(db, statements.map(inlineStatement));
}

/** `runScript` of statements already inlined (`inlineStatement`, `fillTemplate`). */
export async function runInlined(db: Db, inlined: Inlined[]): Promise<Array<ResultLike['rows']>> {
  const client = (db as unknown as { $client: unknown }).$client as
    | { connect: () => Promise<PoolClient> }
    | {
        transaction: <T>(
          fn: (tx: { exec: (text: string) => Promise<ResultLike[]> }) => Promise<T>,
        ) => Promise<T>;
        exec: (text: string) => Promise<ResultLike[]>;
      };
  if ('transaction' in client) {
    // PGlite: in process (no round trip to save), one session shared by every handle; its
    // transaction makes the statements one and keeps other transactions out meanwhile.
    return inSession(inlined, {
      key: client,
      alone: (fn) => client.transaction((tx) => fn((text) => tx.exec(text))),
      query: (text) => client.exec(text),
      lost: () => {},
    });
  }
  // node-postgres: a query without parameters is a simple query; several statements in one are one
  // implicit transaction (PostgreSQL's protocol, "Multiple Statements in a Simple Query"). The
  // connection is this script's until released.
  const connection = await client.connect();
  let lost = false;
  const query: Query = async (text) => {
    const results = await connection.query(text);
    return Array.isArray(results) ? results : [results];
  };
  try {
    return await inSession(inlined, {
      key: connection,
      alone: (fn) => fn(query),
      query,
      lost: () => {
        lost = true;
      },
    });
  } finally {
    // A connection that could not say what it holds after a failure is closed, not reused.
    connection.release(lost ? new Error('script session lost') : undefined);
  }
}

type PoolClient = {
  query: (text: string) => Promise<ResultLike | ResultLike[]>;
  release: (error?: Error) => void;
};

/**
 * A script on one session: a PREPARE for each statement new to the session, then an EXECUTE per
 * statement, in one round trip; decided and recorded while the session is the script's alone.
 */
async function inSession(inlined: Inlined[], session: Session): Promise<Array<ResultLike['rows']>> {
  const prepared = preparedBySession.get(session.key) ?? new Set<string>();
  preparedBySession.set(session.key, prepared);
  const names = inlined.map((s) => statementName(s.withPlaceholders));
  for (let attempt = 0; ; attempt++) {
    try {
      return await session.alone(async (script) => {
        const parts: string[] = [];
        const executes: number[] = [];
        const preparing = new Set<string>();
        if (new Set([...prepared, ...names]).size > MAX_PREPARED_PER_SESSION) {
          for (const name of prepared) parts.push(`deallocate ${name}`);
          prepared.clear();
        }
        for (const [k, s] of inlined.entries()) {
          const name = names[k];
          if (!prepared.has(name) && !preparing.has(name)) {
            parts.push(`prepare ${name} as ${s.withPlaceholders}`);
            preparing.add(name);
          }
          executes.push(parts.length);
          parts.push(s.literals.length > 0 ? `execute ${name}(${s.literals.join(', ')})` : `execute ${name}`);
        }
        const results = await script(parts.join(';\n'));
        for (const name of preparing) prepared.add(name);
        return executes.map((k) => results[k].rows);
      });
    } catch (error) {
      // The error names the statements as a log may show them: with placeholders, never the values
      // (personal data stays in the database; http/log-redaction.ts logs `query`).
      if (typeof error === 'object' && error !== null)
        (error as { query?: string }).query = inlined.map((s) => s.withPlaceholders).join(';\n');
      const relearned = await relearnPrepared(prepared, session.query).then(
        () => true,
        () => {
          preparedBySession.delete(session.key);
          session.lost();
          return false;
        },
      );
      // The session's statements were not what this process had recorded (deallocated, or prepared
      // by someone else, e.g. `DISCARD ALL`): nothing of the script was written; sent once more,
      // as the session now is.
      if (relearned && attempt === 0 && PREPARED_MISMATCH.has((error as { code?: string }).code ?? ''))
        continue;
      throw error;
    }
  }
}

/** invalid_sql_statement_name (no such prepared statement), duplicate_prepared_statement. */
const PREPARED_MISMATCH = new Set(['26000', '42P05']);
