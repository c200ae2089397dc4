import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The workflow interceptor modules of every bundle of `workflows/` (pass them to
 * `bundleWorkflowCode` as `workflowInterceptorModules`). They are in whether tracing is on or
 * off, so the workflow code, and what a replay of its histories runs, never depends on OTEL_*
 * settings; with tracing off, the spans they make go to a sink that drops them.
 */
export const workflowInterceptorModules: string[] = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];
