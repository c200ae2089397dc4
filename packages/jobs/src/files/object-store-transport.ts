import * as http from 'node:http';
import * as https from 'node:https';
import { IamAwsProvider } from 'minio';

/** The object store did not answer one request in time; a fault worth retrying. */
export class ObjectStoreTimeoutError extends Error {
  override name = 'ObjectStoreTimeoutError';
}

/** The part of `http`/`https` that the minio client calls: its `transport` option. */
type Transport = Pick<typeof http, 'request'>;

type Credentials = Awaited<ReturnType<IamAwsProvider['getCredentials']>>;

/**
 * `http(s).request` with a bound on each request: from the connect until the response
 * headers, `timeoutMs` without a byte either way destroys it with an `ObjectStoreTimeoutError`.
 * The minio client has no timeout of its own, so a server that accepts and never answers would
 * hold a job or an API request forever. The body of a download is read at the pace of its
 * consumer (a browser, a job), so once the headers are in it is no longer bounded here.
 */
export function boundedTransport(protocol: 'http:' | 'https:', timeoutMs: number, what: string): Transport {
  const base = protocol === 'https:' ? https : http;
  // minio calls request(options, callback) only.
  const request = (options: https.RequestOptions, callback?: (response: http.IncomingMessage) => void) => {
    // `timeout` in the options also covers the TCP connect, which `request.setTimeout` does not.
    const pending = base.request({ ...options, timeout: timeoutMs }, callback);
    pending.on('timeout', () => {
      pending.destroy(new ObjectStoreTimeoutError(`${what} did not answer within ${timeoutMs} ms`));
    });
    pending.once('response', () => pending.setTimeout(0));
    return pending;
  };
  return { request: request as typeof http.request };
}

/**
 * minio's AWS credential chain (web identity token file, container credentials, EC2 instance
 * metadata), with each lookup bounded: its own requests have no timeout, and off AWS the
 * instance metadata address may never answer.
 */
export class BoundedIamAwsProvider extends IamAwsProvider {
  constructor(private readonly timeoutMs: number) {
    super({});
  }

  override async getCredentials(): Promise<Credentials> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ObjectStoreTimeoutError(`the AWS credential chain gave no keys within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    return Promise.race([super.getCredentials(), timeout]).finally(() => clearTimeout(timer));
  }
}
