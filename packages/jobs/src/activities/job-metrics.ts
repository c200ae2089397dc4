/** How an attempt of a job ended. */
export type JobOutcome = 'completed' | 'failed' | 'canceled' | 'retrying' | 'asked';

/** Where the job activity reports finished attempts (Prometheus in the worker process). */
export interface JobMetrics {
  attemptFinished(job: string, outcome: JobOutcome, seconds: number): void;
}

/** Reports nothing: for unit tests and embedders without metrics. */
export const noJobMetrics: JobMetrics = { attemptFinished: () => {} };
