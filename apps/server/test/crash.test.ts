import { describe, expect, it } from 'vitest';
import { crashTest } from '../scripts/crash.ts';
import { DRIVERS } from './helpers/test-db.ts';

/**
 * kill -9 of the real server, several times, under registrations and lifecycle commands from
 * several clients (`scripts/crash.ts`; the full 5,000-request run and its figures are in
 * docs/reliability.md). Nothing acknowledged is lost, nothing doubled, nothing half-written.
 */
describe.each(DRIVERS)('crash safety of the real server [%s]', (driver) => {
  it('loses, duplicates and half-writes nothing across kill -9 and restarts', {
    timeout: 900_000,
  }, async () => {
    const figures = await crashTest({
      requests: 60,
      kills: 2,
      clients: 3,
      postgres: driver === 'postgres' ? process.env.TEST_DATABASE_URL : undefined,
    });
    expect(figures).toMatchObject({
      acknowledged: 60,
      transitions: 60,
      lost: 0,
      duplicated: 0,
      halfWritten: 0,
      caseNumbersGapFree: true,
      auditVerified: true,
    });
  });
});
