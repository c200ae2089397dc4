import { fileURLToPath } from 'node:url';

/**
 * The workflow interceptor modules of every bundle of `workflows/` (pass them to
 * `bundleWorkflowCode` as `workflowInterceptorModules`). They are in whether tracing is on or
 * off, so the workflow code, and what a replay of its histories runs, never depends on OTEL_*
 * settings: a workflow is traced when its start carried a trace context, and with tracing off
 * in the worker its spans go to a sink that drops them.
 */
export const workflowInterceptorModules: string[] = [
  fileURLToPath(new URL('../../workflows/trace-interceptors.ts', import.meta.url)),
];
