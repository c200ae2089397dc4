import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ObjectStore } from '@temporal-operations/jobs';
import type { TemporalProbe } from '../../shared/temporal-readiness';
import { PROBLEM_CONTENT_TYPE } from '../plugins/problem-details';
import { problemBody } from '../problem';
import { problemResponses } from '../schemas/problem';

/** How long readiness waits for each dependency. */
const READINESS_TIMEOUT_MS = 2000;

const CheckResult = Type.Union([Type.Literal('ok'), Type.Literal('failed')]);
const Checks = Type.Object({ temporal: CheckResult, objectStore: CheckResult });

/** Liveness (the process answers) and readiness (Temporal and the object store answer too). */
const healthRoutes: FastifyPluginAsyncTypebox<{
  objectStore: Pick<ObjectStore, 'ping'>;
  temporalProbe: TemporalProbe;
}> = async (app, { objectStore, temporalProbe }) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness',
        tags: ['service'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        summary: 'Readiness: Temporal (with the search attributes) and the object store answer',
        tags: ['service'],
        response: { 200: Type.Object({ status: Type.Literal('ok'), checks: Checks }), ...problemResponses(503) },
      },
    },
    async (request, reply) => {
      const [temporal, store] = await Promise.allSettled([
        temporalProbe.problem(READINESS_TIMEOUT_MS),
        within(objectStore.ping(READINESS_TIMEOUT_MS)),
      ]);
      const temporalCause = temporal.status === 'fulfilled' ? temporal.value : String(temporal.reason);
      const checks = {
        temporal: temporalCause === undefined ? ('ok' as const) : ('failed' as const),
        objectStore: store.status === 'fulfilled' ? ('ok' as const) : ('failed' as const),
      };
      if (checks.temporal === 'ok' && checks.objectStore === 'ok') return { status: 'ok' as const, checks };
      const causes = [
        ...(temporalCause === undefined ? [] : [`temporal: ${temporalCause}`]),
        ...(store.status === 'rejected' ? ['objectStore did not answer'] : []),
      ];
      request.log.warn(
        { temporal: temporalCause ?? 'ok', objectStore: store.status === 'rejected' ? String(store.reason) : 'ok' },
        'not ready',
      );
      const body = problemBody(503, `Not ready: ${causes.join('; ')}.`, { extensions: { checks } });
      return reply.code(503).type(PROBLEM_CONTENT_TYPE).send(body);
    },
  );
};

export default healthRoutes;

/**
 * Bounds a check by the readiness timeout. The SDK's retry interceptor can run a refused call
 * past its gRPC deadline while it backs off, so the deadline alone does not bound the answer.
 */
function within<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
