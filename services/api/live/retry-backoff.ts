/** The longest pause between retries of a failed Temporal call by the live watches; pauses double up to it. */
export const MAX_RETRY_MS = 10_000;
