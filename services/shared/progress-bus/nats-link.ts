import { connect, type NatsConnection, type NodeConnectionOptions, type Subscription } from '@nats-io/transport-node';

export type BusLog = (level: 'info' | 'warn', message: string) => void;

interface Registration {
  subject: string;
  deliver: (data: Uint8Array) => void;
  subscription: Subscription | null;
}

/**
 * One NATS connection for a process, usable from its first line: it connects in the
 * background and reconnects forever, so a NATS that is down at start, or dies later, never
 * stops or blocks the service. Subscriptions made while disconnected start once it connects
 * (the client renews them itself after a reconnect); a publish while disconnected is dropped
 * (the heartbeat still carries the change to Temporal).
 */
export class NatsLink {
  readonly #listeners = new Set<(connected: boolean) => void>();
  readonly #registrations = new Set<Registration>();
  #connection: NatsConnection | null = null;
  #connected = false;
  #closed = false;
  readonly #opening: Promise<void>;

  constructor(
    options: NodeConnectionOptions,
    private readonly log: BusLog = () => {},
  ) {
    this.#opening = this.#open(options);
  }

  /** Whether messages flow now. */
  get connected(): boolean {
    return this.#connected;
  }

  /** Calls `listener` on every change of `connected`; answers the function that removes it. */
  onChange(listener: (connected: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Publishes when connected; answers whether it did. Never throws. */
  publish(subject: string, data: Uint8Array): boolean {
    if (!this.#connected || !this.#connection) return false;
    try {
      this.#connection.publish(subject, data);
      return true;
    } catch {
      return false;
    }
  }

  /** Delivers each message's data on `subject` until the returned function is called. */
  subscribe(subject: string, deliver: (data: Uint8Array) => void): () => void {
    const registration: Registration = { subject, deliver, subscription: null };
    this.#registrations.add(registration);
    if (this.#connection) this.#attach(this.#connection, registration);
    return () => {
      this.#registrations.delete(registration);
      try {
        registration.subscription?.unsubscribe();
      } catch {
        // Already closed with its connection.
      }
    };
  }

  /** Resolves once connected (for tests and benchmarks); never rejects. */
  async ready(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (!this.#connected && !this.#closed && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.#connected;
  }

  /** Flushes what was published and closes the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    const connection = this.#connection;
    if (connection && !connection.isClosed()) {
      await connection.drain().catch(() => connection.close());
    }
    this.#setConnected(false);
    await this.#opening.catch(() => {});
  }

  async #open(options: NodeConnectionOptions): Promise<void> {
    let connection: NatsConnection;
    try {
      // With waitOnFirstConnect and no attempt limit, this resolves whenever NATS first answers.
      connection = await connect(options);
    } catch (error) {
      this.log('warn', `progress bus: cannot connect to NATS (${(error as Error).message}); polling Temporal only`);
      return;
    }
    if (this.#closed) {
      await connection.close();
      return;
    }
    this.#connection = connection;
    for (const registration of this.#registrations) this.#attach(connection, registration);
    this.#setConnected(true);
    this.log('info', `progress bus: connected to NATS at ${connection.getServer()}`);
    void this.#follow(connection);
  }

  async #follow(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect' || status.type === 'staleConnection') {
        if (this.#connected) this.log('warn', 'progress bus: NATS connection lost; polling Temporal until it is back');
        this.#setConnected(false);
      } else if (status.type === 'reconnect') {
        this.log('info', `progress bus: reconnected to NATS at ${status.server}`);
        this.#setConnected(true);
      }
    }
    this.#setConnected(false);
  }

  #attach(connection: NatsConnection, registration: Registration): void {
    registration.subscription = connection.subscribe(registration.subject, {
      callback: (error, message) => {
        if (!error) registration.deliver(message.data);
      },
    });
  }

  #setConnected(connected: boolean): void {
    if (this.#connected === connected) return;
    this.#connected = connected;
    for (const listener of [...this.#listeners]) {
      try {
        listener(connected);
      } catch {
        // A listener's fault is its own.
      }
    }
  }
}
