import type { Client, Connection } from '@temporalio/client';
import fp from 'fastify-plugin';

/** What routes need of Temporal: the client, its connection, where operations run, and the deadline of each call. */
export interface TemporalAccess {
  client: Client;
  connection: Connection;
  taskQueue: string;
  /** Deadline of every Temporal call made for a request, in milliseconds. */
  deadlineMs: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    temporal: TemporalAccess;
  }
}

/** Shares the process's Temporal client with the routes; the caller owns (and closes) the connection. */
export default fp<TemporalAccess>(
  async function temporal(app, options) {
    app.decorate('temporal', { ...options });
  },
  { name: 'temporal' },
);
