import { readLedgerFile } from '../src/modules/ledger/ledger-reader.ts';
const t0 = process.cpuUsage(); let n = 0, l = 0;
for await (const r of readLedgerFile('/tmp/imp-s14/ledger.csv')) { n++; l += r.line; }
const c = process.cpuUsage(t0); console.log(n, l, ((c.user + c.system) / n).toFixed(1), 'us/row');
