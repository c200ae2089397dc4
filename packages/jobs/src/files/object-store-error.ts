/** A fault of the object store: transient, so the job activity is retried. */
export class ObjectStoreError extends Error {
  override name = 'ObjectStoreError';
}
