/** The first token of every progress-bus subject. */
export const PROGRESS_SUBJECT_ROOT = 'operations';

/**
 * The subject an operation's progress is published on:
 * `operations.<namespace>.<operationId>.progress`. Each part is one subject token: characters
 * NATS gives a meaning to (`.`, `*`, `>`, whitespace) are percent-encoded, so a Temporal Cloud
 * namespace such as `payments.a1b2c` stays one token.
 */
export function progressSubject(namespace: string, operationId: string): string {
  return `${PROGRESS_SUBJECT_ROOT}.${subjectToken(namespace)}.${subjectToken(operationId)}.progress`;
}

/** Every operation of a namespace, for a service that watches them all. */
export function namespaceProgressSubjects(namespace: string): string {
  return `${PROGRESS_SUBJECT_ROOT}.${subjectToken(namespace)}.*.progress`;
}

export function subjectToken(value: string): string {
  return encodeURIComponent(value).replace(/\./g, '%2E').replace(/\*/g, '%2A');
}
