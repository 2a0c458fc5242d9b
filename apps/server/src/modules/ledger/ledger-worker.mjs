// Entry of a ledger-import worker thread: the TypeScript sources run through tsx, as in the main thread.
import { register } from 'tsx/esm/api';

register();
const { serveLedgerWorker } = await import('./ledger-worker.ts');
serveLedgerWorker();
