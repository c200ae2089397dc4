import { log, type Info } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { withDeadline } from '@temporal-operations/client';

/** Thrown to a job that saves a file after its attempt stopped counting; the file is not kept. */
export class SupersededAttemptError extends Error {
  override name = 'SupersededAttemptError';
}

/** How long the check may take; a job's file save waits for it. */
const CHECK_DEADLINE_MS = 5000;

/**
 * Whether one attempt of the job activity still counts. An attempt presumed lost (its worker
 * stopped heartbeating) may run on beside its retry, and a job that ignores its cancellation
 * runs on after its attempt has reported. Temporal already refuses such an attempt's
 * heartbeats and result; this fence keeps it from leaving files behind.
 */
export class AttemptFence {
  #ended = false;

  constructor(
    private readonly info: Info,
    private readonly client?: Client,
  ) {}

  /** The attempt has reported its outcome: whatever the job does from now on is discarded. */
  end(): void {
    this.#ended = true;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Asks Temporal whether it still runs this attempt: the workflow is open and its job activity
   * is at this attempt number. When Temporal cannot answer, the attempt is taken to count; the
   * retry's clean-up of older attempts' files still covers it.
   */
  async isCurrent(): Promise<boolean> {
    if (this.#ended) return false;
    const execution = this.info.workflowExecution;
    if (!this.client || !execution) return true;
    const { workflowId, runId } = execution;
    try {
      const handle = this.client.workflow.getHandle(workflowId, runId);
      const description = await withDeadline(this.client, CHECK_DEADLINE_MS, () => handle.describe());
      if (description.status.name !== 'RUNNING') return false;
      const pending = description.raw.pendingActivities?.find(
        (activity) => activity.activityId === this.info.activityId,
      );
      return pending?.attempt === this.info.attempt;
    } catch (error) {
      log.warn('Could not check whether this attempt is current', { workflowId, error });
      return true;
    }
  }

  /** Why a file of this attempt was discarded. */
  supersededError(): SupersededAttemptError {
    return new SupersededAttemptError(
      `Attempt ${this.info.attempt} no longer counts (it was cancelled, timed out or retried elsewhere); its file was discarded`,
    );
  }
}
