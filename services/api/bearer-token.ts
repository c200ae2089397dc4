import type { FastifyRequest } from 'fastify';

/** The token of a request's `Authorization: Bearer <token>` header; null without one or when malformed. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return (header && /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header)?.[1]) || null;
}
