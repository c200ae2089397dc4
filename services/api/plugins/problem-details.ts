import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { problemBody } from '../problem';
import { problemFromError } from '../problem-mapping';

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Every error and unknown route answers with RFC 9457 problem details. Server errors are
 * logged with the request and answered with a generic title: never a message or a stack.
 */
export default fp(
  async function problemDetails(app) {
    app.setErrorHandler(function handleError(error, request, reply) {
      const { body, headers, serverError } = problemFromError(error);
      if (serverError) request.log.error({ err: error }, 'request failed');
      return reply.code(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(body);
    });

    app.setNotFoundHandler(function handleNotFound(request, reply) {
      const path = request.url.split('?')[0];
      const body = problemBody(404, `No route matches ${request.method} ${path}.`);
      return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(body);
    });
  },
  { name: 'problem-details' },
);

/**
 * Errors the router raises before any route or hook runs (Fastify's `frameworkErrors`): a
 * path segment over the router's length limit cannot name anything, so it answers 404.
 */
export function handleFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const body =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problemBody(404, 'Nothing matches this path: a segment is too long.')
      : problemBody(400, 'The request URL is not valid.');
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}
