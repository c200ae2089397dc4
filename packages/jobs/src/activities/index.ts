import type { OperationActivities, WebhookActivities } from '@temporal-operations/client';
import { createDeliverWebhook, type DeliverWebhookDependencies } from './deliver-webhook';
import { createRunJob, type RunJobDependencies } from './run-job';

/** The activities the worker registers, bound to their dependencies. */
export function createActivities(
  dependencies: RunJobDependencies & { webhooks?: DeliverWebhookDependencies },
): OperationActivities & WebhookActivities {
  return { runJob: createRunJob(dependencies), deliverWebhook: createDeliverWebhook(dependencies.webhooks ?? {}) };
}
