import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server. While `hold()` is on, requests still
 * reach the server but its answers wait in the proxy, as when a network drops replies: the
 * client times out without knowing whether its call took effect. `release()` lets the
 * held bytes through in order (an HTTP/2 connection stays consistent).
 */
export interface HoldingProxy {
  /** host:port to connect to instead of the server. */
  address: string;
  hold(): void;
  /**
   * Holds answers until the client sends anything `afterMs` or more after this call (its next
   * call once the held one timed out, or the cancel of that one), then lets them through.
   */
  holdUntilNextRequest(afterMs: number): void;
  release(): void;
  close(): Promise<void>;
}

export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const [host, port] = splitAddress(target);
  let holding = false;
  let releaseAfter: number | null = null;
  const pairs = new Set<{ client: Socket; upstream: Socket; held: Buffer[] }>();
  const server = createServer((client) => {
    const upstream = connect(port, host);
    const pair = { client, upstream, held: [] as Buffer[] };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (releaseAfter !== null && Date.now() >= releaseAfter) release();
    });
    upstream.on('data', (chunk: Buffer) => (holding ? pair.held.push(chunk) : client.write(chunk)));
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('close', end);
      socket.on('error', end);
    }
  });
  const release = () => {
    holding = false;
    releaseAfter = null;
    for (const pair of pairs) for (const chunk of pair.held.splice(0)) pair.client.write(chunk);
  };
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port: proxyPort } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${proxyPort}`,
    hold: () => (holding = true),
    holdUntilNextRequest: (afterMs) => {
      holding = true;
      releaseAfter = Date.now() + afterMs;
    },
    release,
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      server.close();
      await once(server, 'close');
    },
  };
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at).replace(/^\[|\]$/g, ''), Number(address.slice(at + 1))];
}
