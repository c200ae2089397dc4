import type { OperationActivities, WebhookActivities } from '@temporal-operations/client';
import { createDeliverWebhook, createHasWebhookEndpoints, type DeliverWebhookDependencies } from './deliver-webhook';
import { createRunJob, type RunJobDependencies } from './run-job';

/** The activities the worker registers, bound to their dependencies. */
export function createActivities(
  dependencies: RunJobDependencies & { webhooks?: DeliverWebhookDependencies },
): OperationActivities & WebhookActivities {
  const webhooks = dependencies.webhooks ?? {};
  return {
    runJob: createRunJob(dependencies),
    deliverWebhook: createDeliverWebhook(webhooks),
    hasWebhookEndpoints: createHasWebhookEndpoints(webhooks),
  };
}
