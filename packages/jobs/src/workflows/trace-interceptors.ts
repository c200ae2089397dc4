// A workflow interceptor module (bundled, never imported by other code). It puts every workflow
// started with a trace context under OpenTelemetry's interceptors, and leaves the others (tracing
// off where the operation was started, the cleanup Schedule) on the plain path. OpenTelemetry's
// modules load only for traced workflows: the SDK evaluates a bundle's modules once per workflow,
// and loading them cost each operation 7 to 11 ms of worker CPU in the e2e bench (worker CPU per
// operation 20.1 ms with them loaded eagerly, 11.5 ms lazily, at concurrency 16).
import type {
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowInternalsInterceptor,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

type OpenTelemetryWorkflowModule = typeof import('@temporalio/interceptors-opentelemetry/lib/workflow');
type Method = (input: unknown, next: (input: unknown) => unknown) => unknown;

/** Where `OpenTelemetryWorkflowClientInterceptor` puts the starter's trace context. */
const TRACE_CONTEXT_HEADER = '_tracer-data';

/** The methods OpenTelemetry's workflow interceptors implement (SDK 1.24). */
const INBOUND = ['execute', 'handleSignal', 'handleUpdate', 'validateUpdate', 'handleQuery'] as const;
const OUTBOUND = [
  'scheduleActivity',
  'scheduleLocalActivity',
  'startChildWorkflowExecution',
  'startNexusOperation',
  'continueAsNew',
  'signalWorkflow',
  'getLogAttributes',
  'getMetricTags',
] as const;
const INTERNALS = ['dispose'] as const;

interface Traced {
  inbound: WorkflowInboundCallsInterceptor;
  outbound: WorkflowOutboundCallsInterceptor;
  internals: WorkflowInternalsInterceptor;
}

export const interceptors = (): WorkflowInterceptors => {
  // Decided from the start event's headers, so that a replay decides the same.
  let traced: Traced | undefined;
  const inbound = delegate<WorkflowInboundCallsInterceptor>(INBOUND, () => traced?.inbound);
  return {
    inbound: [
      {
        ...inbound,
        execute(input, next) {
          if (TRACE_CONTEXT_HEADER in input.headers) traced = openTelemetryInterceptors();
          return inbound.execute!(input, next);
        },
      },
    ],
    outbound: [delegate<WorkflowOutboundCallsInterceptor>(OUTBOUND, () => traced?.outbound)],
    internals: [delegate<WorkflowInternalsInterceptor>(INTERNALS, () => traced?.internals)],
  };
};

function openTelemetryInterceptors(): Traced {
  // require, not import: webpack evaluates the module at this call, for traced workflows only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const otel = require('@temporalio/interceptors-opentelemetry/lib/workflow') as OpenTelemetryWorkflowModule;
  return {
    inbound: new otel.OpenTelemetryInboundInterceptor(),
    outbound: new otel.OpenTelemetryOutboundInterceptor(),
    internals: new otel.OpenTelemetryInternalsInterceptor(),
  };
}

/** Interceptor methods that call `target()`'s, or go straight to `next` while there is none. */
function delegate<T>(names: readonly string[], target: () => T | undefined): T {
  const methods: Record<string, Method> = {};
  for (const name of names) {
    methods[name] = (input, next) => {
      const method = (target() as Record<string, Method | undefined> | undefined)?.[name];
      return method ? method.call(target(), input, next) : next(input);
    };
  }
  return methods as T;
}
