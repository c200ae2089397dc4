/**
 * `@temporal-operations/client`: start, read, list, cancel, wait for and watch operations
 * through Temporal directly, from any TypeScript service on the same namespace. The HTTP
 * client is `@temporal-operations/client/http`; the contract alone is `…/contract`.
 */
export * from './contract';
export * from './temporal';
