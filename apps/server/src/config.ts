import { resolve } from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须以 postgres:// 开头')
    .optional(),
  XINFANG_DATA_DIR: z.string().min(1).default('./data'),
  /** Where signed audit checkpoints (and audit archives) live: the same directory for every instance. */
  XINFANG_CHECKPOINT_DIR: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  XINFANG_ADMIN_PASSWORD: z.string().min(1).optional(),
  XINFANG_MASTER_KEYS: z.string().optional(),
  XINFANG_ACTIVE_KEY_ID: z.string().optional(),
  XINFANG_KEY_FILE: z.string().optional(),
  XINFANG_INDEX_KEY: z.string().optional(),
  XINFANG_FIELD_ALGORITHM: z.enum(['aes-256-gcm', 'sm4']).default('aes-256-gcm'),
  XINFANG_AUDIT_HASH: z.enum(['sha256', 'sm3']).default('sha256'),
  XINFANG_MAX_UPLOAD_MB: z.coerce.number().positive().default(20),
  XINFANG_COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  databaseUrl?: string;
  dataDir: string;
  checkpointDir: string;
  port: number;
  host: string;
  adminPassword?: string;
  keyFile?: string;
  masterKeys?: string;
  activeKeyId?: string;
  indexKey?: string;
  fieldAlgorithm: 'aes-256-gcm' | 'sm4';
  auditHash: 'sha256' | 'sm3';
  maxUploadBytes: number;
  cookieSecure: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
};

/** Parses the environment once, reporting every problem at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 (invalid configuration):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const base = env.INIT_CWD ?? process.cwd();
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(base, e.XINFANG_DATA_DIR),
    checkpointDir: resolve(base, e.XINFANG_CHECKPOINT_DIR ?? e.XINFANG_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    adminPassword: e.XINFANG_ADMIN_PASSWORD,
    keyFile: e.XINFANG_KEY_FILE,
    masterKeys: e.XINFANG_MASTER_KEYS,
    activeKeyId: e.XINFANG_ACTIVE_KEY_ID,
    indexKey: e.XINFANG_INDEX_KEY,
    fieldAlgorithm: e.XINFANG_FIELD_ALGORITHM,
    auditHash: e.XINFANG_AUDIT_HASH,
    maxUploadBytes: Math.round(e.XINFANG_MAX_UPLOAD_MB * 1024 * 1024),
    cookieSecure: e.XINFANG_COOKIE_SECURE === 'true',
    logLevel: e.LOG_LEVEL,
  };
}
