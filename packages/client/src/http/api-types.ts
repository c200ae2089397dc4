import type { paths } from './openapi-types';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** An operation as the HTTP API answers it. */
export type HttpOperation = Json<paths['/v1/operations/{id}']['get']['responses'][200]>;
/** One page of the caller's operations. */
export type HttpOperationList = Json<paths['/v1/operations']['get']['responses'][200]>;
/** The filters and paging of a list. */
export type HttpListQuery = NonNullable<paths['/v1/operations']['get']['parameters']['query']>;
/** The jobs this API can start. */
export type HttpJobList = Json<paths['/v1/jobs']['get']['responses'][200]>;
/** What starting an operation takes (the JSON form; files go as multipart). */
export type HttpStartRequest = NonNullable<
  paths['/v1/operations']['post']['requestBody']
>['content']['application/json'];
/** An RFC 9457 problem, as every error answers. */
export type HttpProblem = paths['/v1/operations/{id}']['get']['responses'][404]['content']['application/problem+json'];
