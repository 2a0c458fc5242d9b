import { loadConfig } from '../config.ts';
import { sealAuditChain } from '../modules/audit/audit.service.ts';
import { type Actor, systemActor } from '../modules/auth/actor.ts';
import { listUnits } from '../modules/reference/reference.repo.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

/** Opens the configured database for one command and always closes it. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(loadConfig());
  try {
    return await fn(rt);
  } finally {
    // What the command recorded is linked into the audit chain before the database closes.
    await sealAuditChain(rt.deps).catch(() => undefined);
    await rt.database.close();
  }
}

/** The installation's home bureau, as the actor of CLI writes (imports, calendar). */
export async function homeBureauActor(rt: Runtime): Promise<Actor> {
  const bureau = (await listUnits(rt.deps.db)).find((u) => u.kind === 'bureau');
  if (!bureau) throw new Error('尚未初始化：请先运行 xinfang serve 或 xinfang demo');
  return systemActor({ ...bureau, kind: 'bureau' });
}
