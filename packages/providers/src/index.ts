/**
 * @cfalias/providers: providers for the cfalias engine. The sandbox world model (the one model of
 * CloudFront, ACM and Route 53 rules), its world file, the in-process sandbox provider, and the
 * provider contract suite every provider passes.
 */
export * from './errors.js';
export * from './sandbox/index.js';
export * from './aws/index.js';
export * from './emulator/index.js';
export { openFileJournal, readJournalFile, type FileJournal } from './journal/file-journal.js';
export * from './lock/index.js';
