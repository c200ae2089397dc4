/**
 * The Temporal contract of operations: names, search attributes, record shapes. Safe to import
 * in workflow code (no Node built-ins), which is why it is its own entry point.
 */
export * from './definitions';
export * from './failure-types';
export * from './initial-record';
export * from './questions';
export * from './timeline';
export * from './progress-eta';
