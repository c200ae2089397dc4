import { OperationExampleJob } from '../../jobs';

/** A stand-in for OperationExampleJob whose progress the test holds, and the function that lets it go. */
export interface HeldExampleJob {
  jobClass: typeof OperationExampleJob;
  release(): void;
}

/**
 * Stands in for OperationExampleJob on a test's own worker (same name and params, so an API
 * process with the real registry accepts it): its progress stops at `holdAt` % until
 * `release()`, so a fault can be injected while every operation runs, however slow the machine.
 */
export function heldExampleJob(holdAt = 50): HeldExampleJob {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  class HeldJob extends OperationExampleJob {
    override async updateOperationPercentage(percentage: number): Promise<boolean> {
      if (percentage > holdAt) await held;
      return super.updateOperationPercentage(percentage);
    }
  }
  Object.defineProperty(HeldJob, 'name', { value: OperationExampleJob.name });
  return { jobClass: HeldJob, release };
}
