import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { JobCatalog } from '../job-catalog';
import { JobList } from '../schemas/job';
import { problemResponses } from '../schemas/problem';

/** `GET /v1/jobs`: what can be started, with each job's params as JSON Schema. */
const jobRoutes: FastifyPluginAsyncTypebox<{ jobs: JobCatalog }> = async (app, { jobs }) => {
  app.get(
    '/v1/jobs',
    {
      schema: {
        summary: 'List the jobs',
        tags: ['jobs'],
        response: { 200: JobList, ...problemResponses(401) },
      },
    },
    async () => ({
      jobs: (await jobs.list()).map((job) => ({
        name: job.name,
        description: job.description,
        paramsSchema: job.paramsSchema as Record<string, unknown>,
      })),
    }),
  );
};

export default jobRoutes;
