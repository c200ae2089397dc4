import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** A webhook as the receiver took it: verified headers and the parsed payload. */
export interface ReceivedWebhook {
  id: string;
  headers: IncomingHttpHeaders;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * A real receiver on loopback that verifies every signature with the standardwebhooks package
 * (a bad one answers 401 and is not kept). It can go down (connections refused) and come back
 * on the same port, which lies below the ephemeral range: a connection to a closed ephemeral
 * port can connect to itself and keep the port.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Requests refused for a bad signature. */
  rejected = 0;
  /** Set to hold requests open without answering (a worker crash mid-delivery). */
  hold = false;
  #server: Server | null = null;
  #port = 0;
  readonly #verifier: Webhook;

  constructor(readonly secret: string) {
    this.#verifier = new Webhook(secret);
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}/hooks`;
  }

  /** Listens (again) on its port, or a free one the first time. */
  async start(): Promise<void> {
    if (this.#server) return;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let payload: ReceivedWebhook['payload'];
        try {
          payload = this.#verifier.verify(
            body,
            request.headers as Record<string, string>,
          ) as ReceivedWebhook['payload'];
        } catch {
          this.rejected++;
          return response.writeHead(401).end();
        }
        this.received.push({ id: String(request.headers['webhook-id']), headers: request.headers, payload });
        if (!this.hold) response.writeHead(204).end();
      });
    });
    for (let tries = 0; ; tries++) {
      const port = this.#port || 20_000 + Math.floor(Math.random() * 12_000);
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve());
        });
        this.#port = port;
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || tries > 20) throw error;
      }
    }
    this.#server = server;
  }

  /** Goes down: connections are refused until `start` again. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A Standard Webhooks secret of random bytes. */
export function webhookSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`;
}
