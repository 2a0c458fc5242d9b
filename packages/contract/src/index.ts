export * from './enums.ts';
export * from './errors.ts';
export * from './petitions.ts';
export * from './field-labels.ts';
export * from './responses.ts';
export * from './id-number.ts';
export * from './api-responses.ts';
