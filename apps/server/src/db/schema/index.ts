export * from './identity.ts';
export * from './petitions.ts';
export * from './reference.ts';
export * from './system.ts';
export * from './storage.ts';
export * from './statistics.ts';
