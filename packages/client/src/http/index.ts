/**
 * `@temporal-operations/client/http`: the same operations over the HTTP API, for services that
 * have no access to Temporal. Types are generated from the API's OpenAPI document.
 */
export {
  createOperationsHttpClient,
  type OperationsHttpClient,
  type OperationsHttpClientOptions,
  type WatchHttpOptions,
} from './operations-http-client';
export { OperationsHttpError } from './http-errors';
export type {
  HttpJobList,
  HttpListQuery,
  HttpOperation,
  HttpOperationList,
  HttpProblem,
  HttpStartRequest,
} from './api-types';
export type { paths as OperationsApiPaths } from './openapi-types';
