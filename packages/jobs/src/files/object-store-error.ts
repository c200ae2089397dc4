/** A fault of the object store: transient, so the job activity is retried. */
export class ObjectStoreError extends Error {
  override name = 'ObjectStoreError';
}

/** S3 error codes of a missing object: HEAD answers bare 404s (`NotFound`), GET names it. */
const MISSING_OBJECT_CODES = new Set(['NotFound', 'NoSuchKey']);

/** Whether the store failed because the object is not there (not a fault of the store). */
export function isMissingObject(error: unknown): boolean {
  return MISSING_OBJECT_CODES.has((error as { code?: string }).code ?? '');
}
