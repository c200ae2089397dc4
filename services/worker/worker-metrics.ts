import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { JobMetrics } from '@temporal-operations/jobs';

/**
 * The worker's Prometheus metrics: job attempts by job and outcome, their durations, and the
 * process (CPU, memory, event-loop lag, GC) under prom-client's standard names.
 */
export function createWorkerMetrics(): { registry: Registry; jobs: JobMetrics } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const attempts = new Counter({
    name: 'operation_job_attempts_total',
    help: 'Finished job attempts, by job and outcome (completed, failed, canceled, retrying)',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'operation_job_duration_seconds',
    help: 'Duration of job attempts, by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  return {
    registry,
    jobs: {
      attemptFinished(job, outcome, seconds) {
        attempts.inc({ job, outcome });
        durations.observe({ job, outcome }, seconds);
      },
    },
  };
}
