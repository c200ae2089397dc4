/**
 * A fault of the dev services that the person running them can fix (a port in use, Go
 * missing, a failed build, a server that never became ready). Its message is one line that
 * names the cause and what to do, so entry points print it without a stack trace.
 */
export class DevServicesError extends Error {
  override name = 'DevServicesError';
}

/** Where the dev services write their progress lines. */
export type Log = (line: string) => void;
