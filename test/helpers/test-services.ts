import { inject } from 'vitest';

/** Where the services of this test run are; provided once by test/helpers/global-setup.ts. */
export interface TestServices {
  temporalAddress: string;
  namespace: string;
  /** More of Temporal's standard variables (TLS files…) that reach the server, when it needs them. */
  temporalEnv?: Record<string, string>;
  s3: { endpoint: string; region: string; bucket: string; accessKey: string; secretKey: string };
  /** The run's NATS server (the progress bus), or NATS_URL's; null without one. */
  natsUrl?: string | null;
  /** Pids of the servers the run started; empty when TEMPORAL_ADDRESS and S3_ENDPOINT name external ones. */
  processIds: number[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    testServices: TestServices;
    /** A file holding the workflow bundle (`bundleWorkflowCode`), for `Worker.create({ workflowBundle: { codePath } })`. */
    workflowBundlePath: string;
  }
}

/** The Temporal and S3 servers started for this test run. */
export function testServices(): TestServices {
  return inject('testServices');
}

/** The path of the workflow bundle built once for this test run. */
export function workflowBundlePath(): string {
  return inject('workflowBundlePath');
}
