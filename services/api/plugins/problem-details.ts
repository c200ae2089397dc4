import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
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

const CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request did not arrive in time.' },
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request headers are too large.' },
};

/**
 * Socket-level faults no request exists for yet (Fastify's `clientErrorHandler`): a slow
 * upload past the request timeout, oversized headers, unparsable HTTP. Problem details too,
 * then the connection closes.
 */
export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = error.code ? CLIENT_ERRORS[error.code] : undefined;
  const body = JSON.stringify(problemBody(known?.status ?? 400, known?.detail ?? 'The request is not valid HTTP.'));
  const status = known?.status ?? 400;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
